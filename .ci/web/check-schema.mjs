// `plan schema` as another validator reads it: compiles the schema with ajv
// in strict mode (no unknown keyword or format, no union type, every required
// property defined: what SchemaStore's checks ask of a schema) with the formats
// JSON Schema defines, and validates plans against it, read as plan reads
// them: YAML 1.2's core schema (`2026-03-02` is text, not a date; `yes` is
// text, not a boolean) with merge keys (`<<: *defaults`, which the format
// documents).
// Usage: node check-schema.mjs SCHEMA.json PLAN.yaml...
// Fails on a schema ajv refuses and on any plan it rejects, naming each error.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { load, CORE_SCHEMA, mergeTag } from 'js-yaml';
import { readFileSync } from 'node:fs';

const [schemaFile, ...plans] = process.argv.slice(2);
if (!schemaFile || plans.length === 0) {
  console.error('usage: node check-schema.mjs SCHEMA.json PLAN.yaml...');
  process.exit(2);
}

const yamlSchema = CORE_SCHEMA.withTags(mergeTag);

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));

let failed = 0;
for (const plan of plans) {
  const data = load(readFileSync(plan, 'utf8'), { schema: yamlSchema });
  if (!validate(data)) {
    failed += 1;
    for (const error of validate.errors) {
      console.error(`${plan}: ${error.instancePath || '/'} ${error.message}`);
    }
  }
}
console.log(`ajv (strict): the schema compiles; ${plans.length - failed} of ${plans.length} plans valid`);
process.exit(failed === 0 ? 0 : 1);
