-- 002: record extraction. The record tables of 001 were placeholders (never filled) and are
-- replaced here by their full form. Every record carries its provenance; rows are never
-- updated: a re-extraction adds a run. Views named latest_* show each file's latest run.

DROP TABLE IF EXISTS subscribers;
DROP TABLE IF EXISTS ip_events;
DROP TABLE IF EXISTS extraction_runs;

CREATE TABLE extraction_runs (
    run_id           VARCHAR PRIMARY KEY,
    run_no           INTEGER NOT NULL,          -- order of runs in the case (custody order)
    started_at       TIMESTAMPTZ NOT NULL,
    purpose          VARCHAR NOT NULL,          -- ingest | reextract
    package_id       VARCHAR,                   -- for ingest runs
    attempt_id       VARCHAR,
    analyst_zone     VARCHAR,
    only_extractor   VARCHAR,
    artifact_sha256  VARCHAR NOT NULL,          -- derived/<sha256>: the rows of this run, as loaded
    tool_version     VARCHAR,
    library_versions VARCHAR,                   -- JSON
    custody_seq      BIGINT NOT NULL
);

CREATE TABLE run_files (
    run_id            VARCHAR NOT NULL,
    source_sha256     VARCHAR NOT NULL,
    member_id         VARCHAR,
    path              VARCHAR,
    status            VARCHAR NOT NULL,         -- extracted | no_records | facts_only | unidentified | unknown_layout | failed | conflict
    extractor         VARCHAR,
    extractor_version VARCHAR,
    variant           VARCHAR,
    records           INTEGER NOT NULL,
    reason            VARCHAR,
    layout_change     VARCHAR,
    PRIMARY KEY (run_id, source_sha256)
);

CREATE TABLE subscribers (
    record_id         VARCHAR PRIMARY KEY,
    run_id            VARCHAR NOT NULL,
    package_id        VARCHAR,
    provider          VARCHAR,
    account           VARCHAR,
    account_ids       VARCHAR[],
    name              VARCHAR,
    emails            VARCHAR[],               -- lower-cased for matching
    emails_raw        VARCHAR[],               -- as printed
    phones            VARCHAR[],               -- E.164 where it could be determined, else as printed (flagged)
    phones_raw        VARCHAR[],
    address           VARCHAR,
    created_utc       TIMESTAMPTZ,
    created_raw       VARCHAR,
    created_tz_source VARCHAR,
    registration_ip   VARCHAR,
    source_sha256     VARCHAR NOT NULL,
    locator           VARCHAR NOT NULL,
    locator_json      VARCHAR NOT NULL,
    raw_text          VARCHAR,
    extractor         VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    notes             VARCHAR,
    extra             VARCHAR,                 -- JSON: other labelled fields as printed
    flags             VARCHAR[] NOT NULL
);

CREATE TABLE ip_events (
    record_id         VARCHAR PRIMARY KEY,
    event_key         VARCHAR NOT NULL,        -- same provider, account, ip, port, ts_utc => same key
    run_id            VARCHAR NOT NULL,
    package_id        VARCHAR,
    provider          VARCHAR,
    account           VARCHAR,
    ip                VARCHAR,                 -- canonical; NULL when it could not be read (see ip_raw, flags)
    ip_raw            VARCHAR NOT NULL,
    ip_version        INTEGER,
    ip_class          VARCHAR,                 -- public, private, cgnat, documentation, loopback ...
    port              INTEGER,
    ts_utc            TIMESTAMPTZ,             -- NULL when the instant cannot be known (no zone, DST ambiguity)
    ts_raw            VARCHAR,
    tz_source         VARCHAR,                 -- value | document | analyst | provider_default | none
    ts_earliest_utc   TIMESTAMPTZ,
    ts_latest_utc     TIMESTAMPTZ,
    ts_candidates     TIMESTAMPTZ[],
    activity          VARCHAR,
    source_sha256     VARCHAR NOT NULL,
    locator           VARCHAR NOT NULL,
    locator_json      VARCHAR NOT NULL,
    raw_text          VARCHAR,
    extractor         VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    notes             VARCHAR,
    extra             VARCHAR,
    flags             VARCHAR[] NOT NULL
);

CREATE TABLE calls (
    record_id          VARCHAR PRIMARY KEY,
    run_id             VARCHAR NOT NULL,
    package_id         VARCHAR,
    provider           VARCHAR,
    account            VARCHAR,
    caller             VARCHAR,
    caller_raw         VARCHAR,
    callee             VARCHAR,
    callee_raw         VARCHAR,
    start_utc          TIMESTAMPTZ,
    start_raw          VARCHAR,
    tz_source          VARCHAR,
    start_earliest_utc TIMESTAMPTZ,
    start_latest_utc   TIMESTAMPTZ,
    duration_raw       VARCHAR,
    duration_s         INTEGER,
    direction          VARCHAR,
    kind               VARCHAR,
    cell               VARCHAR,
    source_sha256      VARCHAR NOT NULL,
    locator            VARCHAR NOT NULL,
    locator_json       VARCHAR NOT NULL,
    raw_text           VARCHAR,
    extractor          VARCHAR NOT NULL,
    extractor_version  VARCHAR NOT NULL,
    notes              VARCHAR,
    extra              VARCHAR,
    flags              VARCHAR[] NOT NULL
);

CREATE TABLE document_facts (
    record_id         VARCHAR PRIMARY KEY,
    run_id            VARCHAR NOT NULL,
    package_id        VARCHAR,
    provider          VARCHAR,
    kind              VARCHAR NOT NULL,        -- note, declared_zone, certificate, hash_listed, hash_check, request_reference, no_records
    value             VARCHAR,
    time_utc          TIMESTAMPTZ,             -- when the fact carries a time (an account change, a last-active time)
    time_raw          VARCHAR,
    time_tz_source    VARCHAR,
    raw_text          VARCHAR,
    extra             VARCHAR,
    flags             VARCHAR[],
    source_sha256     VARCHAR NOT NULL,
    locator           VARCHAR NOT NULL,
    locator_json      VARCHAR NOT NULL,
    extractor         VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL
);

-- the latest run that read each file (by run order)
CREATE VIEW latest_run_files AS
SELECT f.* FROM run_files f JOIN extraction_runs r USING (run_id)
QUALIFY row_number() OVER (PARTITION BY f.source_sha256 ORDER BY r.run_no DESC) = 1;

CREATE VIEW latest_ip_events AS
SELECT e.* FROM ip_events e JOIN latest_run_files l
  ON e.source_sha256 = l.source_sha256 AND e.extractor = l.extractor AND e.extractor_version = l.extractor_version;

CREATE VIEW latest_subscribers AS
SELECT s.* FROM subscribers s JOIN latest_run_files l
  ON s.source_sha256 = l.source_sha256 AND s.extractor = l.extractor AND s.extractor_version = l.extractor_version;

CREATE VIEW latest_calls AS
SELECT c.* FROM calls c JOIN latest_run_files l
  ON c.source_sha256 = l.source_sha256 AND c.extractor = l.extractor AND c.extractor_version = l.extractor_version;
