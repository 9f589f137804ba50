// `plan schema` as another validator reads it: compiles the schema with ajv
// in strict mode (no unknown keyword or format, no union type, every required
// property defined: what SchemaStore's checks ask of a schema) with the formats
// JSON Schema defines, and validates plans against it, read as YAML 1.2 (the
// core schema, as plan reads them: `2026-03-02` is text, not a date).
// Usage: node check-schema.mjs SCHEMA.json PLAN.yaml...
// Fails on a schema ajv refuses and on any plan it rejects, naming each error.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { load, CORE_SCHEMA } from 'js-yaml';
import { readFileSync } from 'node:fs';

const [schemaFile, ...plans] = process.argv.slice(2);
if (!schemaFile || plans.length === 0) {
  console.error('usage: node check-schema.mjs SCHEMA.json PLAN.yaml...');
  process.exit(2);
}

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));

let failed = 0;
for (const plan of plans) {
  const data = load(readFileSync(plan, 'utf8'), { schema: CORE_SCHEMA });
  if (!validate(data)) {
    failed += 1;
    for (const error of validate.errors) {
      console.error(`${plan}: ${error.instancePath || '/'} ${error.message}`);
    }
  }
}
console.log(`ajv (strict): the schema compiles; ${plans.length - failed} of ${plans.length} plans valid`);
process.exit(failed === 0 ? 0 : 1);
