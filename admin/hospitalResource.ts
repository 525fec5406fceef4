/**
 * The @adminjs/prisma resource, adapted to the hospital:
 * - every create, update and delete runs in one transaction with its AuditLog row;
 * - secret fields (password hashes) are removed from everything sent to the browser;
 * - text filters are case-insensitive ("harish" finds "Harish Reddy"), and
 *   phone filters match on digits ("98765 43210" finds "+919876543210").
 */
import { Resource } from '@adminjs/prisma';
import { Prisma } from '@prisma/client';
import { BaseRecord, ValidationError, type Filter } from 'adminjs';
import { changedFields, recordAudit, redactSecrets, SECRET_FIELDS } from '../src/modules/audit/service.js';
import { currentActor } from './auditContext.js';

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

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** The columns of a violated unique constraint, as the pg driver adapter reports them. */
function uniqueFields(error: Prisma.PrismaClientKnownRequestError): string[] {
  const meta = error.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } } } | undefined;
  const fields = meta?.driverAdapterError?.cause?.constraint?.fields ?? meta?.target;
  // The pg adapter reports quoted identifiers ("abhaNumber").
  return Array.isArray(fields) ? fields.map((field) => String(field).replace(/^"|"$/g, '')) : [];
}

/**
 * Turns what the database refused into messages on the form instead of a
 * crash page. AdminJS treats a save as failed only when a field has an error,
 * so the message is put on the offending field (or on `form` when unknown).
 */
function asFormError(error: unknown): unknown {
  const onFields = (fields: string[], message: string) =>
    new ValidationError(Object.fromEntries((fields.length > 0 ? fields : ['form']).map((field) => [field, { message }])), { message });
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === 'P2002') return onFields(uniqueFields(error), 'A record with these details already exists.');
    if (error.code === 'P2003') return onFields([], 'This record is still used by other records.');
    if (error.code === 'P2025') return onFields([], 'The record no longer exists.');
  }
  if (error instanceof Prisma.PrismaClientUnknownRequestError && /violates check constraint/.test(error.message)) {
    return onFields([], 'Some values are not allowed (for example a negative amount).');
  }
  return error;
}

type FilterValue = string | { from?: string; to?: string };
type FilterProperty = { type(): string; isEnum(): boolean; foreignColumnName(): string | null };
type SortParams = { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } };
type ListDelegate = {
  findMany(args: { where: Row; skip: number; take: number; orderBy: unknown }): Promise<Row[]>;
  count(args: { where: Row }): Promise<number>;
};

const isPhoneField = (name: string) => /phone/i.test(name);

function dateRange(value: FilterValue): Row | undefined {
  if (typeof value === 'string') return undefined;
  const range: Row = {};
  if (value.from) range.gte = new Date(value.from);
  if (value.to) range.lte = new Date(value.to);
  return Object.keys(range).length > 0 ? range : undefined;
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** One filter of the list screen as a Prisma `where` entry. */
function whereEntry(
  name: string,
  property: FilterProperty,
  value: FilterValue,
  idType: (column: string) => string | undefined,
): [string, unknown] | undefined {
  const type = property.type();
  if (['boolean', 'number', 'float'].includes(type)) return [name, parseJson(String(value))];
  if (type === 'date' || type === 'datetime') {
    const range = dateRange(value);
    return range ? [name, range] : undefined;
  }
  if (property.isEnum()) return [name, { equals: value }];
  const foreign = property.foreignColumnName();
  if (type === 'reference' && foreign) return [foreign, idType(foreign) === 'String' ? String(value) : Number(value)];
  const text = String(value).trim();
  if (isPhoneField(name)) {
    const digits = text.replace(/\D/g, '');
    return [name, { contains: digits || text }];
  }
  return [name, { contains: text, mode: 'insensitive' }];
}

export class HospitalResource extends Resource {
  private get modelName(): string {
    return (this as unknown as { model: { name: string } }).model.name;
  }

  private get idField(): IdField {
    const fields = (this as unknown as { model: { fields: Array<IdField & { isId?: boolean }> } }).model.fields;
    const id = fields.find((field) => field.isId);
    if (!id) throw new Error(`${this.modelName} has no id field`);
    return id;
  }

  private whereId(pk: string | number): Row {
    const { name, type } = this.idField;
    return { [name]: type === 'Int' ? Number(pk) : type === 'BigInt' ? BigInt(pk) : String(pk) };
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
    for (const [name, element] of Object.entries(filter?.filters ?? {})) {
      const entry = whereEntry(name, element.property as unknown as FilterProperty, element.value as FilterValue, idType);
      if (entry) where[entry[0]] = entry[1];
    }
    return where;
  }

  private get lister(): ListDelegate {
    return (this as unknown as { manager: ListDelegate }).manager;
  }

  override async count(filter: Filter): Promise<number> {
    return this.lister.count({ where: this.whereOf(filter) });
  }

  override async find(filter: Filter, params: SortParams = {}): Promise<InstanceType<typeof BaseRecord>[]> {
    const { limit = 10, offset = 0, sort = {} } = params;
    const rows = await this.lister.findMany({ where: this.whereOf(filter), skip: offset, take: limit, orderBy: this.buildSortBy(sort) });
    return rows.map((row) => new BaseRecord(this.prepareReturnValues(row), this));
  }

  override prepareReturnValues(params: Row): Row {
    const values = super.prepareReturnValues(params) as Row;
    for (const secret of SECRET_FIELDS) delete values[secret];
    return values;
  }

  override async create(params: Row): Promise<Row> {
    const data = this.prepareParams(params) as Row;
    const created = await this.inTransaction(async (tx) => {
      const row = await this.delegate(tx).create({ data });
      const recordId = String(row[this.idField.name]);
      await recordAudit(tx, currentActor(), { action: 'CREATE', model: this.modelName, recordId, after: redactSecrets(row) });
      return row;
    });
    return this.prepareReturnValues(created);
  }

  override async update(pk: string, params: Row = {}): Promise<Row> {
    const data = this.prepareParams(params) as Row;
    const updated = await this.inTransaction(async (tx) => {
      const where = this.whereId(pk);
      const before = await this.delegate(tx).findUnique({ where });
      const row = await this.delegate(tx).update({ where, data });
      const diff = changedFields(before ?? {}, row);
      await recordAudit(tx, currentActor(), { action: 'UPDATE', model: this.modelName, recordId: String(pk), ...diff });
      return row;
    });
    return this.prepareReturnValues(updated);
  }

  override async delete(pk: string): Promise<void> {
    await this.inTransaction(async (tx) => {
      const row = await this.delegate(tx).delete({ where: this.whereId(pk) });
      await recordAudit(tx, currentActor(), { action: 'DELETE', model: this.modelName, recordId: String(pk), before: redactSecrets(row) });
    });
  }
}
