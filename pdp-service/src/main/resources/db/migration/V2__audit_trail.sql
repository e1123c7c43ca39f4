-- The audit trail (arbiter.store=postgres): one row per decision record, all replicas in one hash
-- chain. `record` is the record's canonical JSON (with its seq, without its hash) and `hash` its
-- chain hash, SHA-256(previous hash || record); the other columns repeat fields of the record for
-- searching, and `arbiter audit verify` checks that they still agree with it.

CREATE TABLE arbiter_audit_record (
    seq           bigint      PRIMARY KEY,
    decision_id   text        NOT NULL UNIQUE,
    decided_at    timestamptz NOT NULL,
    caller        text        NOT NULL,
    subject_type  text        NOT NULL,
    subject_id    text        NOT NULL,
    action        text        NOT NULL,
    resource_type text        NOT NULL,
    resource_id   text        NOT NULL,
    decision      text        NOT NULL,
    revision      text        NOT NULL,
    record        text        NOT NULL,
    hash          char(64)    NOT NULL
);

CREATE INDEX arbiter_audit_record_subject ON arbiter_audit_record (subject_id, seq);
CREATE INDEX arbiter_audit_record_resource ON arbiter_audit_record (resource_id, seq);
CREATE INDEX arbiter_audit_record_decided_at ON arbiter_audit_record (decided_at, seq);

-- The chain's head: one row, locked by every batch so that replicas append one after another.
CREATE TABLE arbiter_audit_head (
    id   smallint PRIMARY KEY CHECK (id = 1),
    seq  bigint   NOT NULL,
    hash char(64) NOT NULL
);

INSERT INTO arbiter_audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));
