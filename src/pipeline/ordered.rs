//! Parallel work whose results come out in input order, in bounded memory.
//!
//! The workers take items one at a time as they become free (a long document never holds the
//! others back, as a chunk of documents waiting for its slowest would), while the calling thread
//! receives the results in input order and writes them. A worker takes the next item only when
//! fewer than `window` items are taken but not yet handed on, so memory is bounded by the window
//! whatever the length of the input.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, PoisonError};

/// What the workers and the receiving thread share.
struct State<I, R> {
    input: I,
    /// Items taken from the input so far.
    taken: usize,
    /// Items whose results were handed on so far.
    handed: usize,
    /// The results of items `handed..taken`, each `None` until its worker is done.
    slots: VecDeque<Option<R>>,
    /// The input is exhausted.
    exhausted: bool,
    /// The receiver stopped (an error): workers take no more items.
    stopped: bool,
    /// Workers still running.
    running: usize,
    /// Workers waiting for room in the window.
    waiting_workers: usize,
    /// The receiver is waiting for the next result.
    receiver_waiting: bool,
}

/// Runs `work` on every item of `input` on the threads of `pool` and passes the results to
/// `receive`, in input order, on the calling thread. At most `window` items are between being
/// taken and being received. An error from `receive` stops the run: no further item is taken
/// and the error is returned once the workers have finished the items they hold.
pub fn for_each_ordered<I, T, R, E>(
    pool: &rayon::ThreadPool,
    input: I,
    window: usize,
    work: impl Fn(T) -> R + Sync,
    mut receive: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    I: Iterator<Item = T> + Send,
    T: Send,
    R: Send,
{
    let window = window.max(1);
    let workers = pool.current_num_threads().max(1);
    let state = Mutex::new(State {
        input,
        taken: 0,
        handed: 0,
        slots: VecDeque::with_capacity(window),
        exhausted: false,
        stopped: false,
        running: workers,
        waiting_workers: 0,
        receiver_waiting: false,
    });
    // Workers wait on `room`, the receiver on `ready`; each side wakes the other only when it is
    // waiting, so that handing over a result costs no system call in the common case.
    let (room, ready) = (Condvar::new(), Condvar::new());
    let lock = || state.lock().unwrap_or_else(PoisonError::into_inner);
    // Hand-overs are batched: the receiver is woken when half a window of results is ready (or
    // when nothing else can move), workers when half a window is free.
    let batch = (window / 2).max(1);

    let worker = || {
        // However the worker ends (a panic in `work` included), it is counted out; a panic also
        // stops the run, as the result it held will never come.
        let _leaving = OnDrop(|| {
            let mut s = lock();
            s.running -= 1;
            if std::thread::panicking() {
                s.stopped = true;
                room.notify_all();
            }
            drop(s);
            ready.notify_one();
        });
        loop {
            let (index, item) = {
                let mut s = lock();
                while !s.stopped && !s.exhausted && s.taken >= s.handed + window {
                    if s.receiver_waiting && s.ready_run() > 0 {
                        ready.notify_one();
                    }
                    s.waiting_workers += 1;
                    s = room.wait(s).unwrap_or_else(PoisonError::into_inner);
                    s.waiting_workers -= 1;
                }
                if s.stopped || s.exhausted {
                    break;
                }
                match s.input.next() {
                    Some(item) => {
                        let index = s.taken;
                        s.taken += 1;
                        s.slots.push_back(None);
                        (index, item)
                    }
                    None => {
                        s.exhausted = true;
                        break;
                    }
                }
            };
            let result = work(item);
            let mut s = lock();
            let at = index - s.handed;
            s.slots[at] = Some(result);
            let run = s.ready_run();
            let wake = s.receiver_waiting
                && run > 0
                && (run >= batch || s.exhausted || s.taken >= s.handed + window);
            drop(s);
            if wake {
                ready.notify_one();
            }
        }
    };

    std::thread::scope(|scope| {
        let workers_done = scope.spawn(|| {
            pool.scope(|s| {
                for _ in 0..workers {
                    s.spawn(|_| worker());
                }
            })
        });
        // However receiving ends (a panic in `receive` included), the workers take no more.
        let _stopping = OnDrop(|| {
            lock().stopped = true;
            room.notify_all();
        });
        // The next result in input order, or `None` when there is none to come.
        let next = || {
            let mut s = lock();
            loop {
                if matches!(s.slots.front(), Some(Some(_))) {
                    let result = s.slots.pop_front().flatten();
                    s.handed += 1;
                    let free = s.handed + window - s.taken;
                    let wake = s.waiting_workers > 0 && (free >= batch || s.ready_run() == 0);
                    drop(s);
                    if wake {
                        room.notify_all();
                    }
                    return result;
                }
                if s.running == 0 && (s.slots.is_empty() || s.stopped) {
                    return None;
                }
                s.receiver_waiting = true;
                s = ready.wait(s).unwrap_or_else(PoisonError::into_inner);
                s.receiver_waiting = false;
            }
        };
        let mut outcome = Ok(());
        while let Some(result) = next() {
            if let Err(err) = receive(result) {
                outcome = Err(err);
                break;
            }
        }
        drop(_stopping);
        workers_done
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        outcome
    })
}

impl<I, R> State<I, R> {
    /// How many results are ready at the front, in order.
    fn ready_run(&self) -> usize {
        self.slots.iter().take_while(|slot| slot.is_some()).count()
    }
}

/// Runs a closure when dropped, on the way out of a scope however it is left.
struct OnDrop<F: FnMut()>(F);

impl<F: FnMut()> Drop for OnDrop<F> {
    fn drop(&mut self) {
        (self.0)()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    #[test]
    fn results_come_in_input_order_whatever_the_timing() {
        for threads in [1, 2, 4] {
            let mut seen = Vec::new();
            let result: Result<(), ()> = for_each_ordered(
                &pool(threads),
                0..200u64,
                5,
                |i| {
                    // Uneven work: some items take much longer than their neighbours.
                    std::thread::sleep(std::time::Duration::from_micros((i * 37 % 11) * 50));
                    i * 2
                },
                |r| {
                    seen.push(r);
                    Ok(())
                },
            );
            assert!(result.is_ok());
            assert_eq!(seen, (0..200).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn no_more_than_the_window_is_in_flight() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let taken = AtomicUsize::new(0);
        let received = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let input = (0..100).inspect(|_| {
            let in_flight =
                taken.fetch_add(1, Ordering::SeqCst) + 1 - received.load(Ordering::SeqCst);
            most.fetch_max(in_flight, Ordering::SeqCst);
        });
        for_each_ordered(
            &pool(3),
            input,
            4,
            |i| i,
            |_| {
                received.fetch_add(1, Ordering::SeqCst);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(received.load(Ordering::SeqCst), 100);
        // The window, and the result being received.
        assert!(most.load(Ordering::SeqCst) <= 5, "{most:?}");
    }

    #[test]
    fn an_error_stops_the_run_and_is_returned() {
        let mut seen = 0;
        let result = for_each_ordered(
            &pool(2),
            0..10_000,
            8,
            |i| i,
            |i| {
                seen += 1;
                if i == 10 {
                    Err("stop")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err("stop"));
        assert_eq!(seen, 11);
    }

    #[test]
    fn a_panic_in_a_worker_reaches_the_caller_instead_of_hanging() {
        let outcome = std::panic::catch_unwind(|| {
            for_each_ordered(
                &pool(2),
                0..100,
                4,
                |i| {
                    assert!(i != 7, "worker fails on 7");
                    i
                },
                |_| Ok::<(), ()>(()),
            )
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn empty_input_is_fine() {
        let result: Result<(), ()> =
            for_each_ordered(&pool(2), std::iter::empty::<u8>(), 3, |i| i, |_| Ok(()));
        assert!(result.is_ok());
    }
}
