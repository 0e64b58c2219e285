"""`tracker sync`: pull from every configured channel, journal, process, schedule, send.

The modules: `channels` (pulling into the journal), `steps` (the seam to the report
pipeline and the digests), `schedule` (digests, reminders, overdue flags), `outbox`
(queueing with idempotency keys, and sending with pacing), `loop` (one cycle, and the
long-running loop with graceful shutdown).
"""
