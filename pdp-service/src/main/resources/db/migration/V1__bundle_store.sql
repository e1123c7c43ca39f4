-- The policy store (arbiter.store=postgres): every uploaded bundle revision with its files, the
-- history of activations, and the pointer to the active revision that every replica follows.

CREATE TABLE arbiter_revision (
    number          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    content_hash    char(64)    NOT NULL UNIQUE,  -- SHA-256 of every file's path and text
    bundle_name     text        NOT NULL,
    author          text        NOT NULL,
    created_at      timestamptz NOT NULL,
    message         text,
    policy_count    integer     NOT NULL,
    policy_set_count integer    NOT NULL,
    rule_count      integer     NOT NULL,
    test_count      integer     NOT NULL,
    data_file_count integer     NOT NULL,
    file_count      integer     NOT NULL
);

CREATE TABLE arbiter_revision_file (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    revision bigint NOT NULL REFERENCES arbiter_revision (number),
    path     text   NOT NULL,
    kind     text   NOT NULL CHECK (kind IN ('manifest', 'policy', 'test', 'data')),
    content  text   NOT NULL,
    UNIQUE (revision, path)
);

-- One row per activation, rollbacks included. previous_activation is the activation this one
-- replaced on the stack that rollback walks down.
CREATE TABLE arbiter_activation (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    revision            bigint      NOT NULL REFERENCES arbiter_revision (number),
    previous_activation bigint      REFERENCES arbiter_activation (id),
    action              text        NOT NULL CHECK (action IN ('seed', 'activate', 'rollback')),
    activated_by        text        NOT NULL,
    activated_at        timestamptz NOT NULL
);

-- The active pointer: one row, locked by every change of the active revision so changes serialize.
CREATE TABLE arbiter_active_revision (
    id         smallint PRIMARY KEY CHECK (id = 1),
    activation bigint   NOT NULL REFERENCES arbiter_activation (id)
);
