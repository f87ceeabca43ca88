import { v5 as uuidv5 } from 'uuid';
import type { z } from 'zod';
import { ContractFailure } from '../../../shared/contract/result.js';
import { newId } from '../../../shared/domain/ids.js';
import type { HouseRulesContent } from '../../../shared/house-rules/content.js';
import { defaultContent } from '../../../shared/house-rules/default-texts.js';
import type { DisplaySnapshot, HouseRulesEditorState, overrideInputSchema, publishInputSchema } from '../../../shared/house-rules/house-rules-contract.js';
import { describeProblem, houseRulesProblems, overrideProblems } from '../../../shared/house-rules/problems.js';
import { displaySnapshot } from '../../../shared/house-rules/display-feed.js';
import { currentVersion, versionHistory } from '../../../shared/house-rules/versions.js';
import type { ReplicaStore, Scope } from '../sync/replica-store.js';
import type { HouseRulesStore } from './house-rules-store.js';

/** The draft's row id derives from the organisation: two PCs editing it edit one row. */
const DRAFT_NAMESPACE = '0f6d2c84-3b1e-4c7a-9d25-6a8e1f4b7c30';
const draftId = (organisationId: string) => uuidv5(`house-rules-draft/${organisationId}`, DRAFT_NAMESPACE);

export interface HouseRulesServiceDeps {
  replica: ReplicaStore;
  store: HouseRulesStore;
  scope: () => Scope | null;
  /** The names this PC knows, for the default text before anything is published. */
  names: () => { organisation: string; site: string };
  now: () => Date;
}

/**
 * House rules for the public display. A published version is a new append-only row; the
 * draft and overrides are last-writer-wins rows. What a display shows is computed from
 * the rows at each call, so a version scheduled for 09:00 shows at 09:00 with no job.
 */
export class HouseRulesService {
  constructor(private readonly deps: HouseRulesServiceDeps) {}

  display(): DisplaySnapshot {
    const scope = this.deps.scope();
    const organisation = this.deps.names().organisation;
    if (!scope) return { content: defaultContent(organisation), versionId: null, override: null, nextChangeAt: null };
    return displaySnapshot(this.deps.store.versions(scope.organisationId), this.deps.store.overrides(scope.organisationId), scope.siteId, organisation, this.deps.now());
  }

  editor(): HouseRulesEditorState {
    const scope = this.requireScope();
    const now = this.deps.now();
    const versions = this.deps.store.versions(scope.organisationId);
    const draft = this.deps.store.draft(draftId(scope.organisationId)) ?? currentVersion(versions, scope.siteId, now)?.content ?? defaultContent(this.deps.names().organisation);
    const overrides = this.deps.store
      .overrides(scope.organisationId)
      .filter((override) => (override.for_site_id === null || override.for_site_id === scope.siteId) && Date.parse(override.ends_at) > now.getTime())
      .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
    return { draft, history: versionHistory(versions, scope.siteId, now), overrides, siteName: this.deps.names().site };
  }

  saveDraft(content: HouseRulesContent): HouseRulesEditorState {
    const scope = this.requireScope();
    this.deps.replica.writeRow('house_rules_draft', draftId(scope.organisationId), { content }, scope);
    return this.editor();
  }

  publish({ content, startsAt, thisSiteOnly }: z.output<typeof publishInputSchema>, publishedBy: string): HouseRulesEditorState {
    const scope = this.requireScope();
    const now = this.deps.now();
    const problems = houseRulesProblems(content, startsAt, now);
    if (problems.length > 0) throw new ContractFailure('INVALID_INPUT', problems.map(describeProblem).join('; '));
    this.deps.replica.writeRow('house_rules_draft', draftId(scope.organisationId), { content }, scope);
    this.deps.replica.writeRow('house_rules_version', newId(), {
      content,
      starts_at: startsAt ?? now.toISOString(),
      published_at: now.toISOString(),
      published_by: publishedBy.slice(0, 120),
      for_site_id: thisSiteOnly ? scope.siteId : null,
    }, scope);
    return this.editor();
  }

  setOverride({ messages, startsAt, endsAt, thisSiteOnly }: z.output<typeof overrideInputSchema>): HouseRulesEditorState {
    const scope = this.requireScope();
    const now = this.deps.now();
    const problems = overrideProblems(messages, startsAt, endsAt, now);
    if (problems.length > 0) throw new ContractFailure('INVALID_INPUT', problems.map(describeProblem).join('; '));
    this.deps.replica.writeRow('house_rules_override', newId(), { messages, starts_at: startsAt, ends_at: endsAt, set_at: now.toISOString(), for_site_id: thisSiteOnly ? scope.siteId : null }, scope);
    return this.editor();
  }

  endOverride(id: string): HouseRulesEditorState {
    const scope = this.requireScope();
    const override = this.deps.store.overrides(scope.organisationId).find((candidate) => candidate.id === id);
    if (!override) throw new ContractFailure('NOT_FOUND', `no override ${id}`);
    const now = this.deps.now().toISOString();
    // One that has not started yet ends before it starts: move both, so it never shows.
    const startsLater = override.starts_at > now;
    this.deps.replica.writeRow('house_rules_override', id, { ends_at: now, ...(startsLater ? { starts_at: now } : {}) }, scope);
    return this.editor();
  }

  private requireScope(): Scope {
    const scope = this.deps.scope();
    if (!scope) throw new ContractFailure('CONFLICT', 'this PC has no organisation and site yet: an administrator sets them under Settings');
    return scope;
  }
}
