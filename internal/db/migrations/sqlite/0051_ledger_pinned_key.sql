-- The deployment's ledger key: the public key of the one key that signs the
-- head, pinned on first use. A server whose key differs refuses to start and
-- does not append; `ledger verify` checks the head with it, so an auditor
-- needs no secret. A rotation (`evalcred ledger rotate`) is an entry of the
-- chain and moves the pin. A head signed before this migration pins the key
-- that signed it last.
ALTER TABLE ledger_head ADD COLUMN pinned_key TEXT NOT NULL DEFAULT '';
UPDATE ledger_head SET pinned_key = public_key;
