-- 003: OCR provenance and the analyst's review queue.
--
-- Records read from an OCRed page carry the flag 'ocr_derived' and the confidence of the words
-- under their box (0-100). The OCR text of every OCRed page is kept (ocr_pages) so the analyst
-- can see what the machine read. Review decisions are appended, never updated: a correction is
-- a new value beside the machine's reading, and the latest decision per item counts.

ALTER TABLE subscribers ADD COLUMN ocr_confidence DOUBLE;
ALTER TABLE ip_events ADD COLUMN ocr_confidence DOUBLE;
ALTER TABLE calls ADD COLUMN ocr_confidence DOUBLE;
ALTER TABLE document_facts ADD COLUMN ocr_confidence DOUBLE;

CREATE TABLE ocr_pages (
    page_id          VARCHAR PRIMARY KEY,      -- run, source and page
    run_id           VARCHAR NOT NULL,
    package_id       VARCHAR,
    source_sha256    VARCHAR NOT NULL,
    page             INTEGER NOT NULL,         -- 1-based
    engine           VARCHAR NOT NULL,         -- e.g. tesseract 5.3.0
    lang             VARCHAR NOT NULL,
    psm              INTEGER,                  -- tesseract page segmentation mode chosen
    psm_reason       VARCHAR,
    dpi              INTEGER,
    mean_confidence  DOUBLE,
    text             VARCHAR,                  -- the page as read, line by line
    lines_json       VARCHAR,                  -- lines with boxes (PDF points) and word confidences
    error            VARCHAR                   -- why the page could not be read
);

CREATE TABLE review_decisions (
    decision_id      VARCHAR PRIMARY KEY,
    item_id          VARCHAR NOT NULL,         -- the review item (a value of a record)
    record_id        VARCHAR NOT NULL,
    record_table     VARCHAR NOT NULL,
    field            VARCHAR NOT NULL,
    machine_value    VARCHAR,                  -- what the machine read (as stored in the record)
    decision         VARCHAR NOT NULL,         -- confirmed | corrected | rejected
    value            VARCHAR,                  -- the value the analyst confirmed or the correction
    reason           VARCHAR,
    examiner         VARCHAR NOT NULL,
    decided_at       TIMESTAMPTZ NOT NULL,
    custody_seq      BIGINT NOT NULL
);

CREATE VIEW latest_review_decisions AS
SELECT * FROM review_decisions
QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY custody_seq DESC) = 1;

CREATE VIEW latest_document_facts AS
SELECT f.* FROM document_facts f JOIN latest_run_files l
  ON f.source_sha256 = l.source_sha256 AND f.extractor = l.extractor AND f.extractor_version = l.extractor_version;
