//! Lint's work spread over the machine's cores: the rules, and the
//! expansion of every event's occurrences, are independent of each other.

use std::num::NonZero;
use std::sync::atomic::{AtomicUsize, Ordering};

/// More threads than this find too little work in a plan to pay for starting.
const MAX_THREADS: usize = 4;

/// `f` of every item, in the items' order, computed on up to
/// [`MAX_THREADS`] threads that each take the next item not yet taken (so a
/// slow item does not hold up the rest). The result is the same as
/// `items.iter().map(f).collect()`, whatever the timing.
pub(super) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, NonZero::get)
        .min(MAX_THREADS)
        .min(items.len());
    if threads < 2 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    // Each thread's results, with the items it took.
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                return done;
            };
            done.push((index, f(item)));
        }
    };
    let done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut done = work();
        for other in others {
            // A thread that panicked loses its items; they are computed again below.
            done.extend(other.join().unwrap_or_default());
        }
        done
    });
    let mut slots: Vec<Option<R>> = items.iter().map(|_| None).collect();
    for (index, result) in done {
        if let Some(slot) = slots.get_mut(index) {
            *slot = Some(result);
        }
    }
    slots
        .into_iter()
        .zip(items)
        .map(|(slot, item)| slot.unwrap_or_else(|| f(item)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        // Uneven work, so threads finish items out of order.
        let slow_square = |n: &u64| {
            let spins = (n % 7) * 1000;
            (0..spins).fold(n * n, |acc, _| std::hint::black_box(acc))
        };
        let expected: Vec<u64> = items.iter().map(slow_square).collect();
        assert_eq!(map(&items, slow_square), expected);
        assert_eq!(map(&items[..1], slow_square), [0]);
        assert!(map(&items[..0], slow_square).is_empty());
    }
}
