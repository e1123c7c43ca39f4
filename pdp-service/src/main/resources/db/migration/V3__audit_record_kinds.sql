-- Records of other kinds than decisions share the audit chain: grant and blocklist changes,
-- incident steps, security events. `kind` names a row's kind; rows from before are decisions.
-- A record of another kind keeps its id in decision_id, its time in decided_at, and has no decision
-- or revision, and a subject or resource only when it names one: those columns may now be NULL.

ALTER TABLE arbiter_audit_record
    ADD COLUMN kind text NOT NULL DEFAULT 'decision',
    ALTER COLUMN subject_type DROP NOT NULL,
    ALTER COLUMN subject_id DROP NOT NULL,
    ALTER COLUMN resource_type DROP NOT NULL,
    ALTER COLUMN resource_id DROP NOT NULL,
    ALTER COLUMN decision DROP NOT NULL,
    ALTER COLUMN revision DROP NOT NULL;

CREATE INDEX arbiter_audit_record_kind ON arbiter_audit_record (kind, seq);
