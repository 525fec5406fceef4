/**
 * The @adminjs/prisma resource, adapted to the hospital:
 * - every create, update and delete runs in one transaction with its AuditLog row;
 * - records the fiscal rules protect are never changed through a generic form;
 * - secret fields (password hashes) are removed from everything sent to the browser;
 * - filters and sorts are an allow-list per resource (admin/resources.ts `queryRules`),
 *   and every filter value is checked against its field's type: a wrong key or value
 *   is a 400 naming it, never a database error;
 * - text filters are case-insensitive ("harish" finds "Harish Reddy"), and
 *   phone filters match on digits ("98765 43210" finds "+919876543210").
 */
import { Resource } from '@adminjs/prisma';
import { Prisma } from '@prisma/client';
import { BaseRecord, ValidationError, type Filter } from 'adminjs';
import { toHttpAnswer } from '../src/http/middleware/errors.js';
import { findUnstorableText } from '../src/http/middleware/cleanInput.js';
import { changedFields, recordAudit, redactSecrets, SECRET_FIELDS } from '../src/modules/audit/service.js';
import { fiscalRefusal, type RecordChange } from '../src/modules/billing/fiscalRecords.js';
import { isPlausibleDate, isRecordId, MAX_RECORD_ID } from '../src/modules/ids.js';
import { currentActor } from './auditContext.js';
import { cleanPatientDetails } from '../src/modules/patients/details.js';
import { REGISTER_ANYWAY, refuseLikelyDuplicate } from '../src/modules/patients/duplicates.js';
import { ValidationFailed } from '../src/errors.js';
import { estimatedRows, type Db } from '../src/config/db.js';
import { WHOLE_UHID } from '../src/modules/patients/uhid.js';
import type { Datamodel, DatamodelModel } from './dmmf.js';
import { recordReader, type RecordReader, type TitleSelect } from './recordReads.js';

type Row = Record<string, unknown>;
type Delegate = {
  create(args: { data: Row }): Promise<Row>;
  update(args: { where: Row; data: Row }): Promise<Row>;
  delete(args: { where: Row }): Promise<Row>;
  findUnique(args: { where: Row }): Promise<Row | null>;
};
type TransactionalClient = {
  $transaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T>;
};
type IdField = { name: string; type: string };

/** What a list of this resource may be filtered and sorted by (admin/resources.ts). */
export interface QueryRules {
  filterable: ReadonlySet<string>;
  sortable: ReadonlySet<string>;
  /** How a record is named wherever it appears (a patient by name and UHID, not an id). */
  title?: RecordTitle;
  /** Columns the reference picker searches: the title column, a typed UHID, a phone number. */
  pickBy?: { title?: string; uhid?: string; phone?: string };
}

export interface RecordTitle {
  /** Relations the title needs (an appointment's doctor): columns picked with `select`, as admin/recordReads.ts reads them. */
  include?: TitleSelect;
  text(row: Row): string;
}

/** The virtual property that carries a record's title (admin/resources.ts shows it as the title). */
export const TITLE_PROPERTY = 'label';
/** How many matches a reference picker offers. */
const PICKER_LIMIT = 20;

/** Deepest page a list serves (20 a page): past it, narrow the list with a filter. */
export const MAX_OFFSET = 100_000;
/** A filtered list counts its matches up to this many, then says "1,000+" (admin/components/HospitalList.tsx). */
export const COUNT_CAP = 1000;
/** From this many rows an unfiltered list shows the planner's estimate instead of counting. */
const ESTIMATE_FROM = 10_000;
/** From this offset a page is read ids first (deepPage). */
const DEFERRED_JOIN_FROM = 1000;
const MAX_TEXT_FILTER = 200;
/** Longest text a generic form may store in one field (notes included). */
const MAX_FORM_TEXT = 10_000;

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** Rules the domain modules keep for a model's fields, whatever door writes them. */
const FIELD_RULES: Record<string, (data: Row) => Row> = {
  Patient: (data) => cleanPatientDetails(data),
};

const chosen = (value: unknown) => value === true || value === 'true';

/** Checks a new record must pass, in the transaction that creates it: the domain's rule (a patient not already registered). */
const CREATE_CHECKS: Record<string, (tx: Prisma.TransactionClient, data: Row, params: Row) => Promise<void>> = {
  Patient: async (tx, data, params) => {
    if (typeof data.phone !== 'string' || typeof data.name !== 'string') return;
    const who = { name: data.name, phone: data.phone, dateOfBirth: data.dateOfBirth as Date | null };
    await refuseLikelyDuplicate(tx, who, chosen(params[REGISTER_ANYWAY]));
  },
};

const onFields = (fields: string[], message: string) =>
  new ValidationError(Object.fromEntries((fields.length > 0 ? fields : ['form']).map((field) => [field, { message }])), { message });

/** The columns of a violated unique constraint, as the pg driver adapter reports them. */
function uniqueFields(error: unknown): string[] {
  const meta = (error as { meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } } } }).meta;
  const fields = meta?.driverAdapterError?.cause?.constraint?.fields ?? meta?.target;
  // The pg adapter reports quoted identifiers ("abhaNumber").
  return Array.isArray(fields) ? fields.map((field) => String(field).replace(/^"|"$/g, '')) : [];
}

/**
 * Turns what the database refused into messages on the form instead of a
 * crash page (the classification is the HTTP door's: src/http/middleware/errors.ts).
 * AdminJS treats a save as failed only when a field has an error, so the
 * message is put on the offending field (or on `form` when unknown).
 */
function asFormError(error: unknown): unknown {
  if (error instanceof ValidationError) return error;
  // A generic form hands its values to Prisma as typed: a value of the wrong kind (a date
  // that is no date, a word where a number belongs) is the clerk's mistake, on that field.
  if (error instanceof Prisma.PrismaClientValidationError) {
    const field = /Argument `(\w+)`|argument `(\w+)`/.exec(error.message);
    const name = field?.[1] ?? field?.[2];
    return onFields(name ? [name] : [], name ? `${name}: this value is not valid here` : 'Some values are not valid');
  }
  const known = toHttpAnswer(error);
  if (!known || known.status >= 500) return error;
  const details = (known.body.error.details as Array<{ path?: string }> | undefined) ?? [];
  const fields = [...uniqueFields(error), ...details.map((d) => d.path ?? '').filter(Boolean)];
  return onFields(fields, known.body.error.message);
}

type FilterValue = string | { from?: string; to?: string };
type FilterProperty = {
  type(): string;
  isEnum(): boolean;
  foreignColumnName(): string | null;
  availableValues(): string[] | null;
};
type SortParams = { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: string } };
type ListDelegate = {
  findMany(args: { where: Row; skip: number; take: number; orderBy: unknown; select?: Row; include?: Row }): Promise<Row[]>;
  findUnique(args: { where: Row; include?: Row }): Promise<Row | null>;
  count(args: { where: Row; take?: number }): Promise<number>;
};

const isPhoneField = (name: string) => /phone/i.test(name);
const refuseFilter = (key: string, message: string) => onFields([`filters.${key}`], `${key}: ${message}`);

function filterDate(key: string, value: string): Date {
  const date = new Date(value);
  if (!isPlausibleDate(date)) throw refuseFilter(key, 'expected a date between the years 1900 and 2100');
  return date;
}

function dateRange(key: string, value: FilterValue): Row | undefined {
  if (typeof value === 'string') throw refuseFilter(key, 'expected a range (from / to)');
  const range: Row = {};
  if (value.from) range.gte = filterDate(key, String(value.from));
  if (value.to) range.lte = filterDate(key, String(value.to));
  return Object.keys(range).length > 0 ? range : undefined;
}

function numberFilter(key: string, type: string, value: FilterValue): number {
  const text = String(value).trim();
  const n = Number(text);
  const whole = type === 'number';
  if (text === '' || !Number.isFinite(n) || (whole && (!Number.isInteger(n) || Math.abs(n) > MAX_RECORD_ID))) {
    throw refuseFilter(key, whole ? 'expected a whole number' : 'expected a number');
  }
  return n;
}

/** One filter of the list screen as a Prisma `where` entry, its value checked against the field's type. */
function whereEntry(
  key: string,
  property: FilterProperty,
  value: FilterValue,
  idType: (column: string) => string | undefined,
): [string, unknown] | undefined {
  const type = property.type();
  if (typeof value === 'object' && value !== null && type !== 'date' && type !== 'datetime') throw refuseFilter(key, 'expected one value');
  if (type === 'boolean') {
    if (value !== 'true' && value !== 'false') throw refuseFilter(key, 'expected true or false');
    return [key, value === 'true'];
  }
  if (type === 'number' || type === 'float' || type === 'currency') return [key, numberFilter(key, type, value)];
  if (type === 'date' || type === 'datetime') {
    const range = dateRange(key, value);
    return range ? [key, range] : undefined;
  }
  if (property.isEnum()) {
    if (!(property.availableValues() ?? []).includes(String(value))) throw refuseFilter(key, 'is not one of the offered values');
    return [key, { equals: value }];
  }
  const foreign = property.foreignColumnName();
  if (type === 'reference' && foreign) {
    if (idType(foreign) === 'String') return [foreign, String(value)];
    if (!isRecordId(value)) throw refuseFilter(key, 'expected the id of a record');
    return [foreign, Number(value)];
  }
  const text = String(value).trim();
  if (text.length > MAX_TEXT_FILTER) throw refuseFilter(key, `at most ${MAX_TEXT_FILTER} characters`);
  if (findUnstorableText(text)) throw refuseFilter(key, 'contains characters that cannot be searched for');
  if (isPhoneField(key)) {
    const digits = text.replace(/\D/g, '');
    return [key, { contains: digits || text }];
  }
  // A whole UHID typed at the desk is that patient: an exact match the unique index answers
  // (a substring search scans the table twice: 750 ms at a million patients, issue #15).
  if (key === 'uhid' && WHOLE_UHID.test(text)) return [key, { equals: text.toUpperCase() }];
  return [key, { contains: text, mode: 'insensitive' }];
}

export class HospitalResource extends Resource {
  private readonly rules: QueryRules;

  /** Reads by id in one prepared statement (admin/recordReads.ts); undefined leaves them to Prisma. */
  private readonly reader: RecordReader | undefined;

  constructor(args: { model: unknown; client: unknown; clientModule?: unknown; rules?: QueryRules }) {
    super(args as ConstructorParameters<typeof Resource>[0]);
    // Without rules (a resource built elsewhere) nothing may be filtered or sorted but the id.
    this.rules = args.rules ?? { filterable: new Set(), sortable: new Set(['id']) };
    const datamodel = (args.clientModule as { Prisma?: { dmmf?: { datamodel?: Datamodel } } } | undefined)?.Prisma?.dmmf?.datamodel;
    this.reader = datamodel
      ? recordReader(args.client as Db, datamodel, args.model as DatamodelModel, this.rules.title?.include)
      : undefined;
  }

  private get modelName(): string {
    return (this as unknown as { model: { name: string } }).model.name;
  }

  private get idField(): IdField {
    const fields = (this as unknown as { model: { fields: Array<IdField & { isId?: boolean }> } }).model.fields;
    const id = fields.find((field) => field.isId);
    if (!id) throw new Error(`${this.modelName} has no id field`);
    return id;
  }

  /** True when `pk` can be an id of this model (a whole number within int4, or any text id). */
  private isValidId(pk: unknown): boolean {
    return this.idField.type === 'Int' ? isRecordId(pk) : typeof pk === 'string' && pk.length > 0 && pk.length <= 200;
  }

  private whereId(pk: string | number): Row {
    const { name, type } = this.idField;
    return { [name]: type === 'Int' ? Number(pk) : String(pk) };
  }

  private delegate(tx: Prisma.TransactionClient): Delegate {
    return (tx as unknown as Record<string, Delegate>)[lowerFirst(this.modelName)] as Delegate;
  }

  private inTransaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    const client = (this as unknown as { client: TransactionalClient }).client;
    return client.$transaction(work).catch((error: unknown) => {
      throw asFormError(error);
    });
  }

  private whereOf(filter: Filter | undefined): Row {
    const fields = (this as unknown as { model: { fields: IdField[] } }).model.fields;
    const idType = (column: string) => fields.find((field) => field.name === column)?.type;
    const where: Row = {};
    for (const [key, element] of Object.entries(filter?.filters ?? {})) {
      if (!this.rules.filterable.has(key) || !element.property) throw refuseFilter(key, 'this list cannot be filtered by it');
      const entry = whereEntry(key, element.property as unknown as FilterProperty, element.value as FilterValue, idType);
      if (entry) where[entry[0]] = entry[1];
    }
    return where;
  }

  private checkedSort(sort: SortParams['sort'] = {}): SortParams['sort'] {
    const sortBy = sort.sortBy ?? this.idField.name;
    if (!this.rules.sortable.has(sortBy)) throw onFields(['sortBy'], `sortBy: this list cannot be sorted by "${sortBy}"`);
    const direction = sort.direction ?? 'desc';
    if (direction !== 'asc' && direction !== 'desc') throw onFields(['direction'], 'direction: expected asc or desc');
    return { sortBy, direction };
  }

  private get lister(): ListDelegate {
    return (this as unknown as { manager: ListDelegate }).manager;
  }

  /**
   * How many records a list has, without counting a big table on every page:
   * unfiltered, the planner's estimate once the table is large (an exact
   * COUNT(*) of a million patients is 100 ms a page); filtered, counted only
   * up to COUNT_CAP + 1, which the list shows as "1,000+".
   */
  override async count(filter: Filter): Promise<number> {
    // Already started beside the page's rows (find), for the same filter of the same request.
    const started = this.countsUnderWay.get(filter);
    if (started) {
      this.countsUnderWay.delete(filter);
      return started;
    }
    return this.countOf(filter);
  }

  /**
   * A list asks for its rows, then for its count, with the same Filter object:
   * the count is started with the rows, on a second connection, instead of
   * after them (one round trip less per list page).
   */
  private readonly countsUnderWay = new WeakMap<Filter, Promise<number>>();

  private async countOf(filter: Filter): Promise<number> {
    const where = this.whereOf(filter);
    if (Object.keys(where).length === 0) {
      const estimate = await estimatedRows((this as unknown as { client: Db }).client, this.modelName);
      if (estimate >= ESTIMATE_FROM) return estimate;
      return this.lister.count({ where });
    }
    return this.lister.count({ where, take: COUNT_CAP + 1 });
  }

  override async find(filter: Filter, params: SortParams = {}): Promise<InstanceType<typeof BaseRecord>[]> {
    const { limit = 10, offset = 0 } = params;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw onFields(['perPage'], 'perPage: expected 1 to 500');
    if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) {
      throw onFields(['page'], `page: expected a page from 1 to ${Math.floor(MAX_OFFSET / Math.max(limit, 1))}`);
    }
    const sort = this.checkedSort(params.sort) as { sortBy: string; direction: 'asc' | 'desc' };
    const orderBy = this.orderWithTieBreak(sort);
    const where = this.whereOf(filter);
    if (filter && !this.countsUnderWay.has(filter)) {
      const counting = this.countOf(filter);
      // Unclaimed (a caller that never asks for the count), its failure must not go unhandled.
      counting.catch(() => undefined);
      this.countsUnderWay.set(filter, counting);
    }
    const rows =
      offset < DEFERRED_JOIN_FROM
        ? await this.lister.findMany({ where, skip: offset, take: limit, orderBy, ...this.titleInclude })
        : await this.deepPage(where, offset, limit, orderBy);
    return rows.map((row) => new BaseRecord(this.prepareReturnValues(row), this));
  }

  /** A sort on a column that repeats (a slot time, a status) ends on the id, so pages never overlap. */
  private orderWithTieBreak(sort: { sortBy: string; direction: 'asc' | 'desc' }): unknown {
    const orderBy = this.buildSortBy(sort);
    const id = this.idField.name;
    return sort.sortBy === id ? orderBy : [orderBy, { [id]: sort.direction }];
  }

  /**
   * A deep page reads only the ids past the offset (an index-only scan), then
   * the page's rows by id: a late row lookup instead of fetching and throwing
   * away every row before the page.
   */
  private async deepPage(where: Row, offset: number, limit: number, orderBy: unknown): Promise<Row[]> {
    const id = this.idField.name;
    const keys = await this.lister.findMany({ where, skip: offset, take: limit, orderBy, select: { [id]: true } });
    if (keys.length === 0) return [];
    const ids = keys.map((key) => key[id]);
    return this.lister.findMany({ where: { [id]: { in: ids } }, skip: 0, take: limit, orderBy, ...this.titleInclude });
  }

  private get titleInclude(): { include?: Row } {
    return this.rules.title?.include ? { include: this.rules.title.include } : {};
  }

  override async findOne(id: string | number): Promise<InstanceType<typeof BaseRecord> | null> {
    if (!this.isValidId(id)) return null;
    const row = this.reader
      ? ((await this.reader.byIds([id]))[0] ?? null)
      : await this.lister.findUnique({ where: this.whereId(id), ...this.titleInclude });
    return row ? new BaseRecord(this.prepareReturnValues(row), this) : null;
  }

  override async findMany(ids: Array<string | number>): Promise<InstanceType<typeof BaseRecord>[]> {
    const valid = [...new Set(ids.filter((id) => this.isValidId(id)))];
    if (valid.length === 0) return [];
    const { name, type } = this.idField;
    const keys = valid.map((id) => (type === 'Int' ? Number(id) : String(id)));
    if (this.reader) return (await this.reader.byIds(keys)).map((row) => new BaseRecord(this.prepareReturnValues(row), this));
    const rows = await this.lister.findMany({
      where: { [name]: { in: keys } },
      skip: 0,
      take: keys.length,
      orderBy: { [name]: 'asc' },
      ...this.titleInclude,
    });
    return rows.map((row) => new BaseRecord(this.prepareReturnValues(row), this));
  }

  /**
   * The reference picker (a patient in a filter or form): a typed UHID is that
   * record, digits search the phone, words the title; newest first, a few at a
   * time, never a sort of the whole table.
   */
  async pick(query: string): Promise<InstanceType<typeof BaseRecord>[]> {
    const text = query.trim().slice(0, MAX_TEXT_FILTER);
    const { title: titleField, uhid, phone } = this.rules.pickBy ?? {};
    let where: Row = {};
    if (text && findUnstorableText(text)) return [];
    if (uhid && WHOLE_UHID.test(text)) where = { [uhid]: text.toUpperCase() };
    else if (phone && /^[\d\s+-]{4,}$/.test(text)) where = { [phone]: { contains: text.replace(/\D/g, '') } };
    else if (this.idField.type === 'Int' && isRecordId(text)) where = { [this.idField.name]: Number(text) };
    else if (text && titleField) where = { [titleField]: { contains: text, mode: 'insensitive' } };
    // Typed words this model cannot be searched by match nothing (never an unrelated list).
    else if (text) return [];
    const rows = await this.lister.findMany({
      where,
      skip: 0,
      take: PICKER_LIMIT,
      orderBy: { [this.idField.name]: 'desc' },
      ...this.titleInclude,
    });
    return rows.map((row) => new BaseRecord(this.prepareReturnValues(row), this));
  }

  override prepareReturnValues(params: Row): Row {
    const values = super.prepareReturnValues(params) as Row;
    for (const secret of SECRET_FIELDS) delete values[secret];
    if (this.rules.title) values[TITLE_PROPERTY] = this.rules.title.text(params);
    return values;
  }

  /** Form values are checked before they are turned into a Prisma payload. */
  override prepareParams(params: Row): Row {
    for (const [field, value] of Object.entries(params)) {
      const problem = findUnstorableText(value, field);
      if (problem) throw onFields([field], `${field}: ${problem.message}`);
      if (typeof value === 'string' && value.length > MAX_FORM_TEXT)
        throw onFields([field], `${field}: at most ${MAX_FORM_TEXT} characters`);
    }
    try {
      return super.prepareParams(params) as Row;
    } catch (error) {
      throw asFormError(error);
    }
  }

  private async refuseFiscalChange(tx: Prisma.TransactionClient, pk: string, change: RecordChange): Promise<Row> {
    if (!this.isValidId(pk)) throw onFields([], 'The record no longer exists.');
    const before = await this.delegate(tx).findUnique({ where: this.whereId(pk) });
    if (!before) throw onFields([], 'The record no longer exists.');
    const refusal = fiscalRefusal(this.modelName, change, before);
    if (refusal) throw onFields([], refusal);
    return before;
  }

  /** The domain's own rules for a model's fields (src/modules), applied to every generic form write. */
  private withDomainRules(data: Row): Row {
    const rule = FIELD_RULES[this.modelName];
    if (!rule) return data;
    try {
      return rule(data);
    } catch (error) {
      if (error instanceof ValidationFailed) {
        const details = (error.details ?? []) as Array<{ path?: string }>;
        throw onFields(details.map((d) => String(d.path ?? '')).filter(Boolean), error.message);
      }
      throw error;
    }
  }

  override async create(params: Row): Promise<Row> {
    const data = this.withDomainRules(this.prepareParams(params));
    const created = await this.inTransaction(async (tx) => {
      await CREATE_CHECKS[this.modelName]?.(tx, data, params);
      const row = await this.delegate(tx).create({ data });
      const recordId = String(row[this.idField.name]);
      await recordAudit(tx, currentActor(), { action: 'CREATE', model: this.modelName, recordId, after: redactSecrets(row) });
      return row;
    });
    return this.prepareReturnValues(created);
  }

  override async update(pk: string, params: Row = {}): Promise<Row> {
    const data = this.withDomainRules(this.prepareParams(params));
    const updated = await this.inTransaction(async (tx) => {
      const before = await this.refuseFiscalChange(tx, pk, 'update');
      const row = await this.delegate(tx).update({ where: this.whereId(pk), data });
      const diff = changedFields(before, row);
      await recordAudit(tx, currentActor(), { action: 'UPDATE', model: this.modelName, recordId: String(pk), ...diff });
      return row;
    });
    return this.prepareReturnValues(updated);
  }

  override async delete(pk: string): Promise<void> {
    await this.inTransaction(async (tx) => {
      await this.refuseFiscalChange(tx, pk, 'delete');
      const row = await this.delegate(tx).delete({ where: this.whereId(pk) });
      await recordAudit(tx, currentActor(), { action: 'DELETE', model: this.modelName, recordId: String(pk), before: redactSecrets(row) });
    });
  }
}
