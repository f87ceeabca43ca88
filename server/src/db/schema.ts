import type { Generated } from 'kysely';

/** Booleans are 0/1 and times ISO-8601 text in both dialects, so one code path serves both. */
export interface ServerDatabase {
  organisation: { id: string; name: string; created_at: string; disabled_at: string | null; sector: string | null };
  site: { id: string; name: string; created_at: string };
  organisation_site: { organisation_id: string; site_id: string };
  sharing_agreement: {
    id: string;
    site_id: string;
    from_organisation_id: string;
    to_organisation_id: string;
    share_alarms: number;
    share_warnings: number;
    /** `from`'s published house rules also show on `to`'s displays at `site_id`. */
    share_house_rules: number;
    created_at: string;
    /** Where `to`'s PCs get `from`'s alarms; null: at `site_id` itself. */
    to_site_id: string | null;
    /** Set when an administrator ends it; ended agreements carry nothing. */
    ended_at: string | null;
  };
  device: {
    id: string;
    organisation_id: string;
    site_id: string;
    name: string;
    credential_hash: string;
    acked_seq: number;
    created_at: string;
    last_seen_at: string | null;
    revoked_at: string | null;
  };
  /** A public screen (a TV's browser): reads its site's published house rules and nothing else. */
  display: {
    id: string;
    organisation_id: string;
    site_id: string;
    name: string;
    credential_hash: string;
    created_at: string;
    last_seen_at: string | null;
    revoked_at: string | null;
  };
  enrolment_code: {
    code_hash: string;
    organisation_id: string;
    site_id: string;
    expires_at: string;
    used_at: string | null;
    device_id: string | null;
    created_at: string;
  };
  enrolment_token: { id: string; token_hash: string; organisation_id: string; site_id: string; expires_at: string; created_at: string };
  enrolment_request: {
    device_id: string;
    token_id: string;
    organisation_id: string;
    site_id: string;
    device_name: string;
    key_hash: string;
    requested_at: string;
    approved_at: string | null;
    approved_by: string | null;
    claimed_at: string | null;
  };
  /** One row: the epoch and the version counter. Updating it serialises pushes, so version order is commit order. */
  server_state: { id: number; epoch: string; version: number; min_version: number };
  replica_row: {
    id: string;
    entity: string;
    organisation_id: string;
    site_id: string;
    data: string;
    clocks: string;
    deleted: number;
    version: number;
    updated_at: string;
  };
  applied_op: {
    op_id: string;
    device_id: string;
    device_seq: number;
    status: 'applied' | 'rejected';
    reason: string | null;
    applied_at: string;
  };
  site_alarm_policy: { site_id: string; escalation_after_s: number; groups: number; updated_at: string };
  organisation_alarm_key: { key_id: string; organisation_id: string; public_key: string; private_key: string; created_at: string; retired_at: string | null; valid_until: string | null };
  /** The site's alarm receiving centre (SIA DC-09). `key_hex` never leaves the server. */
  site_pac: {
    site_id: string;
    enabled: number;
    host: string;
    port: number;
    account: string;
    receiver: string;
    line_prefix: string;
    token: 'ADM-CID' | 'SIA-DCS';
    key_hex: string | null;
    supervision_s: number;
    updated_at: string;
  };
  /** Every administrative change: who, when, what (never a secret). */
  admin_audit: { id: string; at: string; actor: string; action: string; target: string | null; detail: string };
  /** The last accepted entry of each device's warnings access log (a hash chain). */
  warning_access_head: { device_id: string; seq: number; hash: string };
  /** An organisation taking part in the benchmark (docs/analytics.md). */
  benchmark_participation: { organisation_id: string; since: string; last_shared_at: string | null };
  /** One shared monthly count; `item` is a form or channel key. */
  benchmark_count: { organisation_id: string; month: string; dimension: string; item: string; incidents: number };
  schema_seq: Generated<number>;
}
