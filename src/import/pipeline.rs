//! Work handed to a background thread while the caller goes on: checking
//! rows on one core while the other writes the database.

use std::sync::mpsc::{Receiver, sync_channel};

/// How many items travel together between threads.
const BATCH: usize = 256;

/// The results of [`map`], in the order of the input.
pub struct Background<T> {
    rx: Receiver<Vec<T>>,
    batch: std::vec::IntoIter<T>,
}

impl<T> Iterator for Background<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        loop {
            if let Some(item) = self.batch.next() {
                return Some(item);
            }
            self.batch = self.rx.recv().ok()?.into_iter();
        }
    }
}

/// Applies `f` to every item on a background thread, at least `ahead`
/// items (and a few batches) ahead of the consumer: a consumer that takes
/// items in runs of `n` should pass a few times `n`, so that the thread
/// goes on while the consumer works on a run. Dropping the result stops
/// the thread at its next batch.
pub fn map<I, U, F>(items: I, ahead: usize, mut f: F) -> Background<U>
where
    I: Iterator + Send + 'static,
    F: FnMut(I::Item) -> U + Send + 'static,
    U: Send + 'static,
{
    let (tx, rx) = sync_channel(ahead.div_ceil(BATCH).max(4));
    std::thread::spawn(move || {
        let mut batch = Vec::with_capacity(BATCH);
        for item in items {
            batch.push(f(item));
            if batch.len() == BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                if tx.send(full).is_err() {
                    return;
                }
            }
        }
        if !batch.is_empty() {
            let _ = tx.send(batch);
        }
    });
    Background {
        rx,
        batch: Vec::new().into_iter(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_and_everything() {
        let out: Vec<u32> = super::map(0..1000u32, 0, |i| i * 2).collect();
        assert_eq!(out, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
    }
}
