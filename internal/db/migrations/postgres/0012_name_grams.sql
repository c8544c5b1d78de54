-- Character bigrams of institutions.name_norm for the public name search and
-- re-registration warnings: a part of a Chinese name has no word boundaries,
-- so a bigram index is what finds 天平会计 inside 湖南天平会计师事务所有限公司.
-- name_gram_df counts institutions per gram, so a search starts from its
-- rarest gram instead of scanning the common ones (会计, 公司).
CREATE TABLE name_grams (
    gram TEXT NOT NULL,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    PRIMARY KEY (gram, institution_id)
);
CREATE INDEX name_grams_institution ON name_grams (institution_id);

CREATE TABLE name_gram_df (
    gram TEXT PRIMARY KEY,
    n INTEGER NOT NULL
);
