-- zhucun schema version 5: the full pinyin of every division's name, for
-- search (`guitan`, `gui tan` and `gt` find 桂滩村) and for sorting by name.
--
--   pinyin      every reading of each character, alternatives separated by
--               '/', the usual one first: 都匀市 → 'du/dou yun shi'
--   pinyin_key  the sort key: reading with tone, then the character, per
--               character: 霞场村 → 'xia2霞 chang3场 cun1村'
--
-- Both are computed by the program (src/domain/pinyin.rs) whenever a name is
-- written; zhucun_pinyin() and zhucun_pinyin_key() exist only on the
-- program's own connections, which is where migrations run.

ALTER TABLE division ADD COLUMN pinyin TEXT NOT NULL DEFAULT '';
ALTER TABLE division ADD COLUMN pinyin_key TEXT NOT NULL DEFAULT '';
UPDATE division SET pinyin = zhucun_pinyin(name), pinyin_key = zhucun_pinyin_key(name);
