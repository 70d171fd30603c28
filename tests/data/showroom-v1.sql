-- showroom-v1.sql: a Showroom database at schema version 1, as the first
-- release wrote it (before search keys and the follow-up summary columns).
-- The CREATE statements are migration_1_sql of src/store/crm-schema.c,
-- verbatim; test-store loads this file with sqlite3_exec() and opens the
-- result with crm_store_open() to check the upgrade to the current version.
-- SPDX-License-Identifier: GPL-3.0-or-later

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT
);
CREATE TABLE staff (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  role TEXT NOT NULL CHECK (role IN ('sales', 'reception', 'manager')),
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE TABLE vehicle_model (
  id INTEGER PRIMARY KEY,
  brand TEXT NOT NULL,
  series TEXT NOT NULL,
  trim TEXT NOT NULL DEFAULT '',
  guide_price INTEGER NOT NULL DEFAULT 0 CHECK (guide_price >= 0)
);
CREATE TABLE stage (
  code TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  is_open INTEGER NOT NULL
);
INSERT INTO stage (code, position, is_open) VALUES
  ('new-lead', 0, 1), ('invited', 1, 1), ('visited', 2, 1),
  ('test-drive', 3, 1), ('negotiation', 4, 1), ('ordered', 5, 1),
  ('delivered', 6, 0), ('lost', 7, 0), ('invalid', 8, 0);
CREATE TABLE customer (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  wechat TEXT,
  gender TEXT NOT NULL DEFAULT 'unknown',
  city TEXT,
  channel TEXT NOT NULL DEFAULT 'unknown',
  grade TEXT NOT NULL DEFAULT 'N',
  budget_min INTEGER NOT NULL DEFAULT 0,
  budget_max INTEGER NOT NULL DEFAULT 0,
  timeframe TEXT NOT NULL DEFAULT 'unknown',
  tags TEXT,
  owner_id INTEGER REFERENCES staff (id),
  birthday TEXT,
  notes TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER
);
CREATE TABLE customer_phone (
  customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  number TEXT NOT NULL,
  PRIMARY KEY (customer_id, position)
);
CREATE INDEX customer_phone_number ON customer_phone (number);
CREATE TABLE customer_model (
  customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
  model_id INTEGER NOT NULL REFERENCES vehicle_model (id),
  PRIMARY KEY (customer_id, model_id)
);
CREATE TABLE deal (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customer (id),
  model_id INTEGER REFERENCES vehicle_model (id),
  stage TEXT NOT NULL REFERENCES stage (code),
  stage_entered_at INTEGER NOT NULL,
  expected_close INTEGER,
  lost_reason TEXT,
  lost_note TEXT,
  owner_id INTEGER REFERENCES staff (id),
  created_at INTEGER NOT NULL
);
CREATE INDEX deal_customer ON deal (customer_id);
CREATE INDEX deal_stage ON deal (stage, stage_entered_at);
CREATE TABLE stage_history (
  id INTEGER PRIMARY KEY,
  deal_id INTEGER NOT NULL REFERENCES deal (id),
  from_stage TEXT REFERENCES stage (code),
  to_stage TEXT NOT NULL REFERENCES stage (code),
  at INTEGER NOT NULL,
  staff_id INTEGER REFERENCES staff (id)
);
CREATE INDEX stage_history_deal ON stage_history (deal_id, at);
CREATE TABLE activity (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customer (id),
  deal_id INTEGER REFERENCES deal (id),
  kind TEXT NOT NULL,
  planned_at INTEGER,
  done_at INTEGER,
  outcome TEXT NOT NULL DEFAULT 'none',
  note TEXT,
  staff_id INTEGER REFERENCES staff (id),
  created_at INTEGER NOT NULL,
  CHECK (planned_at IS NOT NULL OR done_at IS NOT NULL)
);
CREATE INDEX activity_customer ON activity (customer_id);

-- The showroom
INSERT INTO meta (key, value) VALUES ('showroom-name', '广汽丰田 天河4S店');

INSERT INTO staff (id, name, role, active, created_at) VALUES
  (1, '刘经理', 'manager', 1, 1788000000),
  (2, '李娜', 'sales', 1, 1788000000),
  (3, '王丽', 'sales', 1, 1788000000),
  (4, '吴佳怡', 'reception', 1, 1788000000);

INSERT INTO vehicle_model (id, brand, series, trim, guide_price) VALUES
  (1, '广汽丰田', '凯美瑞', '2.0G 豪华版', 17980000),
  (2, '广汽丰田', '雷凌', '1.5L CVT 进取版', 11380000);

-- Customers: 赵六 (6) was deleted and must stay deleted
INSERT INTO customer (id, name, wechat, gender, city, channel, grade, budget_min, budget_max,
                      timeframe, tags, owner_id, birthday, notes, created_at, updated_at, deleted_at) VALUES
  (1, '张三', 'ZhangSan_88', 'male', '广州', 'autohome', 'H', 15000000, 20000000,
   'week', 'SUV' || char(10) || '混动', 2, '1985-03-12', '想要白色', 1789000000, 1789000500, NULL),
  (2, '单田芳', NULL, 'male', '佛山', 'referral', 'A', 0, 0,
   'fortnight', NULL, 2, NULL, NULL, 1789100000, 1789100000, NULL),
  (3, '李四', NULL, 'unknown', NULL, 'douyin', 'B', 10000000, 0,
   'month', NULL, NULL, NULL, NULL, 1789200000, 1789200000, NULL),
  (4, '王芳', 'wangfang_SZ', 'female', '深圳', 'wechat', 'N', 0, 0,
   'unknown', NULL, 3, NULL, NULL, 1789300000, 1789300000, NULL),
  (5, '陈晓明', NULL, 'male', '东莞', 'walk-in', 'C', 0, 0,
   'quarter', NULL, 3, NULL, NULL, 1789400000, 1789400000, NULL),
  (6, '赵六', NULL, 'male', '广州', 'phone', 'N', 0, 0,
   'unknown', NULL, NULL, NULL, NULL, 1789450000, 1789450000, 1789500000);

INSERT INTO customer_phone (customer_id, position, number) VALUES
  (1, 0, '13800138000'),
  (1, 1, '02081234567'),
  (2, 0, '15011112222'),
  (3, 0, '13912345678'),
  (5, 0, '18600001111'),
  (6, 0, '13700001234');

INSERT INTO customer_model (customer_id, model_id) VALUES
  (1, 1), (1, 2), (2, 2), (5, 1);

-- Deals and how they moved
INSERT INTO deal (id, customer_id, model_id, stage, stage_entered_at, expected_close,
                  lost_reason, lost_note, owner_id, created_at) VALUES
  (1, 1, 1, 'visited', 1789600000, NULL, NULL, NULL, 2, 1789000000),
  (2, 2, 2, 'lost', 1789700000, NULL, 'price', '嫌贵，去看了别家', 2, 1789100000);

INSERT INTO stage_history (id, deal_id, from_stage, to_stage, at, staff_id) VALUES
  (1, 1, NULL, 'new-lead', 1789000000, 2),
  (2, 1, 'new-lead', 'invited', 1789300000, 2),
  (3, 1, 'invited', 'visited', 1789600000, 2),
  (4, 2, NULL, 'new-lead', 1789100000, 2),
  (5, 2, 'new-lead', 'lost', 1789700000, 2);

-- Follow-ups. 张三: last contact 1789600000 (the latest done), next
-- follow-up 1789900000 (the earliest still open). 单田芳: done only.
-- 陈晓明: planned only. 李四 and 王芳: none.
INSERT INTO activity (id, customer_id, deal_id, kind, planned_at, done_at, outcome, note,
                      staff_id, created_at) VALUES
  (1, 1, 1, 'call', NULL, 1789050000, 'reached', '首次电话，约周六到店', 2, 1789050000),
  (2, 1, 1, 'visit', 1789590000, 1789600000, 'appointment', '到店看车', 2, 1789590000),
  (3, 1, 1, 'call', 1790000000, NULL, 'none', '回访试驾感受', 2, 1789600000),
  (4, 1, 1, 'wechat', 1789900000, NULL, 'none', NULL, 2, 1789600000),
  (5, 2, 2, 'call', NULL, 1789650000, 'not-interested', NULL, 2, 1789650000),
  (6, 5, NULL, 'call', 1789800000, NULL, 'none', NULL, 3, 1789400000);

PRAGMA user_version = 1;
PRAGMA application_id = 1397247831;
