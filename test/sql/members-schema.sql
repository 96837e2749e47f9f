-- The legacy member database, as docs/reference.md (Data the service reads) describes it.
-- The service only reads these tables; this file exists for tests, the sandbox and local use.
CREATE TABLE regions (
  id INT PRIMARY KEY,
  code VARCHAR(8) NOT NULL UNIQUE,
  name VARCHAR(64) NOT NULL
);
CREATE TABLE facilities (
  id INT PRIMARY KEY,
  code VARCHAR(8) NOT NULL UNIQUE,
  name VARCHAR(128) NOT NULL,
  region_id INT NULL REFERENCES regions(id)
);
CREATE TABLE members (
  membernumber VARCHAR(16) PRIMARY KEY,
  firstname VARCHAR(64) NOT NULL,
  lastname VARCHAR(64) NOT NULL,
  email VARCHAR(255) NULL,
  phone VARCHAR(32) NULL,
  status VARCHAR(16) NOT NULL,
  membertypeid INT NOT NULL,
  facility_id INT NULL REFERENCES facilities(id),
  region_id INT NULL REFERENCES regions(id),
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY members_email (email)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
