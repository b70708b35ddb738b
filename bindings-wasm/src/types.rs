//! The TypeScript declarations of the core's shapes as JavaScript sees
//! them: the core's field names in camelCase. The values are written by the
//! core (`valuevector::io::to_json`); `test/types.test.mjs` checks real
//! results against these declarations, field by field.

#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A blocker of an account plan. */
export interface BlockerInput {
  /** What the obstacle is. */
  text: string;
  /** "low", "medium", "high" or "critical". */
  severity: string;
  /** Extra words that count as evidence. */
  tags?: string[] | null;
  /** The dimension, when known: it always wins. */
  dimension?: string | null;
  /** `YYYY-MM-DD`. */
  opened?: string | null;
  /** `YYYY-MM-DD`; the blocker is open while absent. */
  resolved?: string | null;
}

/**
 * One field of an account: a number (NaN or null for missing), text, a
 * boolean (1 or 0), or the account plan's blockers.
 */
export type AccountField = number | string | boolean | BlockerInput[] | null | undefined;

/**
 * An account: measures and/or drivers by name, optional `id`, `arr`,
 * `segment` and `blockers`.
 */
export type Account = Record<string, AccountField>;

/** One input of an equation as it stands for an account. */
export interface Term {
  input: string;
  value: number | null;
  weight: number;
  target: number;
  /** How much the outcome would rise if this input alone reached its target. */
  lift: number | null;
}

/** One equation's outcome, with its explanation. */
export interface Outcome {
  /** In [0, 1]; null when missing (see missingReason). */
  score: number | null;
  band: string | null;
  /** P(the equation's outcome) given the score, for a model calibrated on outcomes; absent otherwise. */
  probability?: number;
  /** The share of the equation's weight that was present. */
  coverage: number;
  /** The input with the largest lift. */
  limiting: string | null;
  /** The limiting inputs followed down to a driver: what to work on. */
  rootDriver: string | null;
  /** The required input that caps the outcome, present when the cap binds. */
  cappedBy?: string;
  missingReason: string | null;
  /** Input name -> lift. */
  lifts: Record<string, number | null>;
  terms: Term[];
}

/** One driver of the value vector. */
export interface DriverValue {
  name: string;
  value: number | null;
  /** The value before open blockers' penalties. */
  beforeBlockers: number | null;
  target: number;
  /** "given", "measures" or "missing". */
  source: string;
  /** What open blockers took off. */
  penalty: number;
}

/** An account's blocker with its classification. */
export interface ClassifiedBlocker {
  text: string;
  severity: string;
  open: boolean;
  /** A dimension of the taxonomy, or "unclassified". */
  dimension: string;
  confidence: number;
  /** The words of the text that decided. */
  matched: string[];
  /** True when the dimension was given. */
  explicit: boolean;
  /** The drivers its penalty was taken from (none when resolved). */
  drivers: string[];
}

/** A blocker raised by a driver below the alert level. */
export interface InferredBlocker {
  driver: string;
  value: number;
  dimension: string;
  severity: string;
}

/** What a score result holds besides its equations. */
export interface ScoreFields {
  /** Each of `id`, `segment` and `arr` when the account has it. */
  id?: string;
  segment?: string;
  /** Annual recurring revenue. */
  arr?: number;
  /** The model that scored it, when a bundle picked among several. */
  model?: string;
  /** The value vector: driver -> value (null when missing). */
  drivers: Record<string, number | null>;
  /** The value vector with sources, targets and penalties. */
  vector: DriverValue[];
  realisation: number | null;
  blockers: ClassifiedBlocker[];
  inferredBlockers: InferredBlocker[];
  /** The scores in words. */
  explanation: string;
}

/**
 * Everything valuevector says about one account: one key per equation
 * (`adoption`, `renewal`, `expansion` in the default model) holding its
 * Outcome, the value vector, and the blockers.
 */
export type ScoreResult = ScoreFields & { [equation: string]: Outcome };

/** A blocker's classification. */
export interface Classification {
  /** A dimension of the taxonomy, or "unclassified". */
  dimension: string;
  confidence: number;
  /** The words of the text that decided. */
  matched: string[];
  /** True when the dimension was given. */
  explicit: boolean;
}

/** How one driver moved between two snapshots. */
export interface DriverChange {
  driver: string;
  before: number;
  after: number;
  delta: number;
}

/** Which way something moved; only the value vector moves "sideways". */
export type Direction = "evolving" | "devolving" | "standstill" | "sideways";

/** How one equation's outcome moved between two snapshots. */
export interface OutcomeChange {
  equation: string;
  before: number | null;
  after: number | null;
  change: number | null;
  bandBefore: string | null;
  bandAfter: string | null;
  /** From the change of the score: an outcome that fell is never "evolving". */
  direction: Exclude<Direction, "sideways"> | null;
}

/** The value vector's movement between two snapshots. */
export interface Progress {
  progress: number;
  alignment: number;
  velocity: number;
  etaDays: number | null;
  /** "sideways": it moved, but neither toward the model customer nor away. */
  direction: Direction;
  /** Each equation's outcome before and after, with its own direction. */
  outcomes: OutcomeChange[];
  gapBefore: number;
  gapAfter: number;
  /** How each driver present in both snapshots moved. */
  changes: DriverChange[];
  notCompared: string[];
}

/** A goal of the customer's own: a target on a driver or on a measure. */
export interface GoalInput {
  text: string;
  driver?: string;
  measure?: string;
  target: number;
  /** `YYYY-MM-DD`. */
  due?: string | null;
}

/** A step of an account plan. */
export interface StepInput {
  text: string;
  owner?: string | null;
  /** `YYYY-MM-DD`. */
  due?: string | null;
  /** Default "open". */
  status?: "open" | "done" | "dropped";
  /** `YYYY-MM-DD`: the day it was done. */
  done?: string | null;
  /** Its dimension when known; else classified from the text. */
  dimension?: string | null;
}

/**
 * An account plan, as a plans file holds it (its field names are the
 * file's, snake_case, in every binding).
 */
export interface PlanInput {
  account: string;
  /** `YYYY-MM-DD`. */
  inception: string;
  last_review?: string | null;
  /** Default 12. */
  cycle_months?: number;
  /** Default 3. */
  review_months?: number;
  success?: GoalInput[];
  steps?: StepInput[];
  blockers?: BlockerInput[];
}

/** One goal of the customer's own, as the account stands. */
export interface GoalStatus {
  text: string;
  /** The driver or measure it is on. */
  on: string;
  current: number | null;
  target: number;
  /** How far from the target, toward better (0 when met). */
  gap: number | null;
  met: boolean | null;
  /** How much of the way there, in [0, 1]. */
  realisation: number | null;
}

/** The customer's own success beside the model customer's. */
export interface OwnSuccess {
  goals: GoalStatus[];
  realisation: number | null;
  modelRealisation: number | null;
}

/** One move of a path to green. */
export interface Move {
  driver: string;
  from: number;
  to: number;
  dimension: string;
  /** The plan's open steps that work on this driver. */
  steps: string[];
  /** The open blockers in its way. */
  blockers: string[];
}

/** The least total movement that lifts an outcome into a band. */
export interface Path {
  band: string;
  /** False when no moves within the drivers' targets get there. */
  reachable: boolean;
  /** The outcome after the moves (the best possible when unreachable). */
  score: number;
  /** The move that does most on its own first. */
  moves: Move[];
}

/** One equation's paths. */
export interface EquationPath {
  equation: string;
  band: string | null;
  /** To the band above the current one; null in the best band. */
  next: Path | null;
  green: Path | null;
}

/** What a plan's dates say as of a day. */
export interface Lifecycle {
  nextReview: string;
  reviewOverdue: boolean;
  /** The plan is older than its cycle. */
  recycleDue: boolean;
  /** Positions of the open steps past their due day. */
  overdueSteps: number[];
  /** Days each open blocker has been open. */
  blockerAges: (number | null)[];
  reliability: number | null;
}

/** Whether a plan's open steps work on the path to green. */
export interface Alignment {
  share: number | null;
  /** "guided" (sherpa mode) or "reactive" (hero mode). */
  mode: "guided" | "reactive";
  drivers: string[];
}

/** An account against its plan. */
export interface PlanReport {
  account: string;
  success: OwnSuccess;
  /** Keyed by equation. */
  pathToGreen: { [equation: string]: EquationPath };
  lifecycle: Lifecycle;
  alignment: Alignment;
  /** The share of due steps done on time. */
  reliability: number | null;
  archetype: "visionary" | null;
  advice: string | null;
  /** The highest rung of the objectives ladder reached. */
  stage: string | null;
  scores: ScoreResult;
}

/** A portfolio's plans summed up. */
export interface PlanSummary {
  accounts: number;
  plans: number;
  plansMissing: string[];
  plansWithoutAccount: string[];
  reviewsOverdue: number;
  recyclesDue: number;
  guided: number;
  reactive: number;
  visionary: number;
  /** The ARR of guided plans over the ARR of accounts with a plan. */
  guidedShareByArr: number | null;
}

/** Accounts against their plans, and the summary. */
export interface PlanBook {
  accounts: PlanReport[];
  summary: PlanSummary;
}
/** A history row: a flat account with its snapshot's day. */
export type HistoryRow = Account & { id: string; as_of: string };

/** A portfolio blocker, as for `rollupJson`. */
export interface PortfolioBlockerInput extends BlockerInput {
  account: string;
  arr?: number | null;
}

/**
 * What `model.worklist` reads (its field names are the JSON request's,
 * snake_case, in every binding).
 */
export interface WorklistRequest {
  history: HistoryRow[];
  /** `YYYY-MM-DD`: each account's latest snapshot on or before it. */
  as_of?: string | null;
  plans?: PlanInput[] | null;
  blockers?: PortfolioBlockerInput[] | null;
  /** Default "renewal". */
  equation?: string | null;
}

/** One outcome of an account over its history. */
export interface OutcomeTrend {
  equation: string;
  score: number | null;
  band: string | null;
  previous: number | null;
  direction: "evolving" | "devolving" | "standstill" | null;
  /** Score per day, first snapshot to latest. */
  velocity: number | null;
}

/** A plateau or a turn of the value vector. */
export interface WorklistEvent {
  kind: "plateau" | "turned_evolving" | "turned_devolving" | "accelerated" | "left_plateau";
  from: string;
  to: string;
  direction: "evolving" | "devolving" | "standstill" | "sideways";
  advice: string;
}

/** A driver racing ahead of the pace drivers. */
export interface TooFast {
  driver: string;
  rise: number;
  behind: string[];
  advice: string;
}

/** The first move of the path to green. */
export interface FirstMove {
  equation: string;
  driver: string;
  from: number;
  to: number;
  dimension: string;
  /** The plan step that covers it, or "no step covers this". */
  step: string;
  covered: boolean;
}

/** A model bundle: a model per account by its `by` column, each model
 * inline (an object) or "default", and the fallback. */
export interface BundleSpec {
  by: "segment" | "parent" | "id";
  models: Record<string, object | "default">;
  otherwise: object | "default";
}

/** What `clusters` is asked: the accounts, and optionally how many
 * clusters (a number, or "auto": the best mean silhouette over 2..8), the
 * equation reported, and the seed. */
export interface ClustersRequest {
  accounts: Account[];
  k?: number | "auto";
  equation?: string;
  seed?: number;
}

/** One cluster of accounts. */
export interface Cluster {
  /** Its number, from 1, the largest first. */
  cluster: number;
  accounts: number;
  arr: number;
  /** Each driver's mean against its target (at most 1). */
  centroid: { driver: string; value: number }[];
  /** The mean score of the equation. */
  meanScore: number | null;
  rootDriver: { driver: string; dimension: string; accounts: number } | null;
  firstMoves: { equation: string; driver: string; dimension: string; accounts: number }[];
  ids: string[];
}

/** Accounts grouped by the shape of their value vector. */
export interface Clusters {
  equation: string;
  k: number;
  chosenBy: "given" | "silhouette";
  silhouette: number;
  tried: { k: number; silhouette: number }[];
  drivers: string[];
  clusters: Cluster[];
  /** Each account's cluster, in the input's order. */
  members: number[];
}

/** One account of the worklist. */
export interface WorkItem {
  id: string;
  segment: string | null;
  arr: number | null;
  parent: string | null;
  /** The model that scored it, when a bundle picked among several. */
  model?: string;
  asOf: string;
  snapshots: number;
  direction: "evolving" | "devolving" | "standstill" | "sideways" | null;
  outcomes: OutcomeTrend[];
  events: WorklistEvent[];
  tooFast: TooFast | null;
  arrAtStake: number | null;
  stakeBasis: "calibrated" | "band" | "unscored";
  firstMove: FirstMove | null;
}

/** Accounts of one segment and band. */
export interface SegmentBand {
  segment: string;
  band: string;
  accounts: number;
  arr: number;
  arrAtStake: number;
  improved: number;
  declined: number;
}

/** Accounts ranked by ARR at stake, and the summary. */
export interface Worklist {
  equation: string;
  accounts: WorkItem[];
  summary: SegmentBand[];
  notYet: string[];
  /** Parents with their outcomes rolled up from their children. */
  groups: Group[];
}

/** One equation of a parent account. */
export interface GroupOutcome {
  equation: string;
  own: number | null;
  score: number | null;
  band: string | null;
  worstChild: string | null;
  worstScore: number | null;
  /** [band, share of the children's ARR], the bands then "missing". */
  childArrShare: [string, number][];
}

/** A parent account and what rolls up to it. */
export interface Group {
  id: string;
  children: string[];
  arr: number;
  outcomes: GroupOutcome[];
}

/** What `model.themes` reads (field names as in JSON). */
export interface ThemesRequest {
  blockers: PortfolioBlockerInput[];
  plans?: PlanInput[] | null;
  /** `YYYY-MM-DD`: blocker ages count to it. */
  as_of?: string | null;
  /** Default 2. */
  min_accounts?: number | null;
}

/** A recurring theme. */
export interface Theme {
  text: string;
  dimension: string;
  texts: number;
  steps: number;
  wordings: string[];
  accounts: string[];
  arr: number;
  severity: { low: number; medium: number; high: number; critical: number };
  oldestDays: number | null;
  medianDays: number | null;
}
"#;
