-- 001: the foundation. case.duckdb is an index rebuilt from the evidence store and the
-- custody log (returns rebuild); every column here is documented in README.md.

CREATE TABLE case_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE requests (
    request_id          VARCHAR PRIMARY KEY,
    kind                VARCHAR NOT NULL,
    provider            VARCHAR NOT NULL,
    provider_reference  VARCHAR,
    case_number         VARCHAR,
    sent_on             DATE,
    date_from           DATE,
    date_to             DATE,
    status              VARCHAR NOT NULL,      -- outstanding | answered
    nondisclosure_until DATE,
    use_limits          VARCHAR,
    registered_at       TIMESTAMPTZ NOT NULL,
    registered_by       VARCHAR,
    warnings            VARCHAR[],
    custody_seq         BIGINT NOT NULL
);

CREATE TABLE request_targets (
    request_id  VARCHAR NOT NULL,
    target_no   INTEGER NOT NULL,
    target_type VARCHAR NOT NULL,
    value       VARCHAR NOT NULL,
    normalized  VARCHAR NOT NULL,
    known_type  BOOLEAN NOT NULL,
    PRIMARY KEY (request_id, target_no)
);

CREATE TABLE packages (
    package_id        VARCHAR PRIMARY KEY,
    sha256            VARCHAR NOT NULL UNIQUE,
    package_kind      VARCHAR NOT NULL,        -- file | folder
    original_name     VARCHAR,
    original_name_raw BLOB,
    received_at       TIMESTAMPTZ NOT NULL,
    received_from     VARCHAR,
    examiner          VARCHAR,
    request_id        VARCHAR,
    link_method       VARCHAR,
    link_evidence     VARCHAR,
    file_count        INTEGER NOT NULL,
    stored_bytes      BIGINT NOT NULL,
    status            VARCHAR NOT NULL,        -- complete | incomplete (something locked, over a limit or corrupt)
    manifest_sha256   VARCHAR,
    first_attempt_id  VARCHAR NOT NULL
);

CREATE TABLE package_receipts (
    attempt_id    VARCHAR PRIMARY KEY,
    package_id    VARCHAR NOT NULL,
    receipt_no    INTEGER NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL,
    received_from VARCHAR,
    original_path VARCHAR,
    examiner      VARCHAR,
    os_user       VARCHAR,
    password_used BOOLEAN NOT NULL,
    again         BOOLEAN NOT NULL,
    staged_seq    BIGINT NOT NULL
);

CREATE TABLE files (
    sha256            VARCHAR PRIMARY KEY,
    size              BIGINT NOT NULL,
    media_type        VARCHAR,
    magic_description VARCHAR,
    first_seen        TIMESTAMPTZ NOT NULL
);

CREATE TABLE package_files (
    package_id           VARCHAR NOT NULL,
    member_id            VARCHAR NOT NULL,
    sha256               VARCHAR,
    path                 VARCHAR NOT NULL,
    name                 VARCHAR NOT NULL,
    name_raw             BLOB,
    name_encoding        VARCHAR,
    parent_member_id     VARCHAR,
    parent_sha256        VARCHAR,
    depth                INTEGER NOT NULL,
    kind                 VARCHAR NOT NULL,
    size                 BIGINT,
    declared_size        BIGINT,
    media_type           VARCHAR,
    extension            VARCHAR,
    extension_media_type VARCHAR,
    archive_type         VARCHAR,
    status               VARCHAR NOT NULL,
    reason               VARCHAR,
    flags                VARCHAR[] NOT NULL,
    attempt_id           VARCHAR NOT NULL,
    PRIMARY KEY (package_id, member_id)
);

CREATE TABLE warnings (
    warning_id VARCHAR PRIMARY KEY,
    package_id VARCHAR,
    sha256     VARCHAR,
    member_id  VARCHAR,
    locator    VARCHAR,
    code       VARCHAR NOT NULL,
    message    VARCHAR NOT NULL,
    run_id     VARCHAR,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE settings (
    key         VARCHAR PRIMARY KEY,
    value       VARCHAR NOT NULL,
    custody_seq BIGINT NOT NULL
);

-- Record tables: filled by extraction (issue "Record extraction I").
CREATE TABLE extraction_runs (
    run_id            VARCHAR PRIMARY KEY,
    started_at        TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    package_id        VARCHAR,
    tool_version      VARCHAR,
    library_versions  VARCHAR,
    status            VARCHAR
);

CREATE TABLE subscribers (
    record_id         VARCHAR PRIMARY KEY,
    run_id            VARCHAR NOT NULL,
    package_id        VARCHAR,
    provider          VARCHAR,
    account           VARCHAR,
    account_ids       VARCHAR[],
    name              VARCHAR,
    emails            VARCHAR[],
    phones            VARCHAR[],
    address           VARCHAR,
    created_utc       TIMESTAMPTZ,
    created_raw       VARCHAR,
    registration_ip   VARCHAR,
    source_sha256     VARCHAR NOT NULL,
    locator           VARCHAR NOT NULL,
    raw_text          VARCHAR,
    extractor         VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    flags             VARCHAR[]
);

CREATE TABLE ip_events (
    record_id         VARCHAR PRIMARY KEY,
    event_key         VARCHAR,
    run_id            VARCHAR NOT NULL,
    package_id        VARCHAR,
    provider          VARCHAR,
    account           VARCHAR,
    ip                VARCHAR,
    port              INTEGER,
    ts_utc            TIMESTAMPTZ,
    ts_raw            VARCHAR,
    tz_source         VARCHAR,
    ts_earliest_utc   TIMESTAMPTZ,
    ts_latest_utc     TIMESTAMPTZ,
    activity          VARCHAR,
    source_sha256     VARCHAR NOT NULL,
    locator           VARCHAR NOT NULL,
    raw_text          VARCHAR,
    extractor         VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    flags             VARCHAR[]
);
