-- Paid broadcast (allow_paid_broadcast, 0.1 Star per message): how many messages of a
-- fan-out may still be paid for (0: free), and the editor's chat to tell if Stars run out.
ALTER TABLE outbox_payloads ADD COLUMN paid_max INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox_payloads ADD COLUMN paid_editor INTEGER;
