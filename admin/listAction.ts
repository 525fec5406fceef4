/**
 * The list of every resource: AdminJS's own list handler, with one change —
 * only the references a list shows are looked up (AdminJS fetches every
 * reference of the model: an invoice page ran five extra queries for
 * patient, visit, admission, original invoice and creator, to show one).
 * Rows and count are read by admin/hospitalResource.ts (count beside rows).
 */
import { Filter, flat, populateProperty, type ActionContext, type ActionRequest, type ActionResponse, type BaseRecord } from 'adminjs';

const PER_PAGE_LIMIT = 500;

type ListQuery = { sortBy?: string; direction?: string; filters?: Record<string, unknown>; page?: string; perPage?: string };

export async function listHandler(request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> {
  const query = flat.unflatten<Record<string, unknown>, ListQuery>(request.query ?? {});
  const { resource, _admin, currentAdmin } = context;
  // As AdminJS's own: a number past the limit is the limit; anything else is for find() to refuse, naming perPage.
  const perPage = query.perPage ? Math.min(Number(query.perPage), PER_PAGE_LIMIT) : (_admin.options.settings?.defaultPerPage ?? 10);
  const page = Number(query.page) || 1;
  const decorated = resource.decorate();
  const listed = decorated.getListProperties();
  const first = listed.find((p) => p.isSortable());
  const defaults: { sortBy?: string; direction?: string } = decorated.options.sort ?? {};
  const direction: 'asc' | 'desc' = (query.direction ?? defaults.direction ?? 'asc') === 'asc' ? 'asc' : 'desc';
  const sort = first ? { direction, sortBy: query.sortBy ?? defaults.sortBy ?? first.name() } : undefined;
  const filter = await new Filter(query.filters ?? {}, resource).populate(context);
  const records: BaseRecord[] = await resource.find(filter, { limit: perPage, offset: (page - 1) * perPage, sort }, context);
  await Promise.all(listed.filter((p) => p.reference()).map((property) => populateProperty(records, property, context)));
  context.records = records;
  const total = await resource.count(filter, context);
  return {
    meta: { total, perPage, page, direction: sort?.direction, sortBy: sort?.sortBy },
    records: records.map((record) => record.toJSON(currentAdmin)),
  };
}
