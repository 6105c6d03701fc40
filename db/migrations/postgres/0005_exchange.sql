-- PostgreSQL twin of ../0005_exchange.sql: per-course state of the catalogue exchange
-- between offices (the fingerprint both sides last agreed on).
CREATE TABLE exchange_state (
    provider_key text COLLATE "C" NOT NULL,
    code text COLLATE "C" NOT NULL,
    fingerprint text NOT NULL,
    exchanged_at timestamp(0) NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    PRIMARY KEY (provider_key, code)
);
