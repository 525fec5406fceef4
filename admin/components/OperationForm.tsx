// A hospital operation on a record (check in, discharge, dispense …): the
// fields named by the action (action.custom.fields), choices loaded from the
// action itself (GET), and one POST to run it. Operations are never run by a
// GET, so a link cannot perform them.
import React, { useCallback, useEffect, useState } from 'react';
import { ApiClient, useActionResponseHandler, useNotice, useTranslation, type ActionProps } from 'adminjs';
import { Box, Button, FormGroup, H4, Input, Label, Select, Text, TextArea } from '@adminjs/design-system';
import type { Field, Review } from '../actions/operations.js';
import { FlaggedTable } from './FlaggedTable.js';

type Option = { value: string; label: string };
type Values = Record<string, string>;

const api = new ApiClient();

/** What the person reads before confirming: abnormal rows flagged in words and colour. */
const ReviewTable: React.FC<{ review: Review }> = ({ review }) => (
  <Box mb="xl" data-testid="operation-review">
    <H4 mb="sm">{review.heading}</H4>
    {review.rows.length === 0 ? (
      <Text>Nothing entered yet.</Text>
    ) : (
      <FlaggedTable columns={review.columns} rows={review.rows.map((row, i) => ({ key: String(i), alert: row.alert, cells: row.cells }))} />
    )}
  </Box>
);

const OperationForm: React.FC<ActionProps> = ({ action, record, resource }) => {
  const fields = ((action.custom as { fields?: Field[] } | undefined)?.fields ?? []) as Field[];
  const { intro, link } = (action.custom ?? {}) as { intro?: string; link?: string };
  const [values, setValues] = useState<Values>({});
  const [options, setOptions] = useState<Record<string, Option[]>>({});
  const [review, setReview] = useState<Review | null>(null);
  const [busy, setBusy] = useState(false);
  // AdminJS hands the action's name as its label: the words come from the translations (admin/labels.ts).
  const { translateAction } = useTranslation();
  const buttonLabel = translateAction(action.label, resource.id);
  const addNotice = useNotice();
  // Shows the notice and, on success, moves to the record inside the app (no page reload).
  const handleResponse = useActionResponseHandler();

  const call = useCallback(
    (method: 'get' | 'post', data?: Values) => {
      const common = { resourceId: resource.id, actionName: action.name, method, ...(method === 'get' ? { params: data } : { data }) };
      return record?.id ? api.recordAction({ ...common, recordId: record.id }) : api.resourceAction(common);
    },
    [action.name, record?.id, resource.id],
  );

  const dependencyKey = fields
    .flatMap((f) => f.dependsOn ?? [])
    .map((name) => values[name] ?? '')
    .join('|');

  useEffect(() => {
    const dependencies = Object.fromEntries(fields.flatMap((f) => f.dependsOn ?? []).map((name) => [name, values[name] ?? '']));
    call('get', dependencies)
      .then((response) => {
        const answer = response.data as unknown as { options?: Record<string, Option[]>; review?: Review; prefill?: Values };
        setOptions((answer.options ?? {}) as Record<string, Option[]>);
        setReview(answer.review ?? null);
        // What is on file already (a draft to correct), under whatever the person has typed.
        if (answer.prefill) setValues((typed) => ({ ...answer.prefill, ...typed }));
      })
      .catch(() => addNotice({ message: 'Could not load the choices. Please refresh.', type: 'error' }));
    // Choices are reloaded only when a field they depend on changes (dependencyKey).
  }, [dependencyKey]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      handleResponse(await call('post', values));
    } finally {
      setBusy(false);
    }
  };

  const set = (name: string, value: string) => setValues((current) => ({ ...current, [name]: value }));

  if (link) {
    return (
      <Box variant="container" p="xl" data-testid={`operation-${action.name}`}>
        {intro ? <Text mb="lg">{intro}</Text> : null}
        <Button as="a" variant="contained" href={link.replace('{id}', String(record?.id ?? ''))} target="_blank" rel="noopener">
          {buttonLabel}
        </Button>
      </Box>
    );
  }

  return (
    <Box as="form" onSubmit={submit} variant="container" p="xl" data-testid={`operation-${action.name}`}>
      {intro ? <Text mb="lg">{intro}</Text> : null}
      {review ? <ReviewTable review={review} /> : null}
      {fields.map((field) => (
        <FormGroup key={field.name}>
          <Label required={field.required}>{field.label}</Label>
          {field.type === 'select' ? (
            <Select
              inputId={`field-${field.name}`}
              value={(options[field.name] ?? []).find((o) => o.value === values[field.name]) ?? null}
              options={options[field.name] ?? []}
              onChange={(selected: Option | null) => set(field.name, selected?.value ?? '')}
            />
          ) : field.type === 'textarea' ? (
            <TextArea
              id={`field-${field.name}`}
              name={field.name}
              width={1}
              rows={4}
              value={values[field.name] ?? ''}
              onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set(field.name, e.target.value)}
            />
          ) : (
            <Input
              id={`field-${field.name}`}
              name={field.name}
              type={field.type}
              width={1}
              value={values[field.name] ?? ''}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(field.name, e.target.value)}
            />
          )}
          {field.hint ? <Text variant="sm">{field.hint}</Text> : null}
        </FormGroup>
      ))}
      <Button variant="contained" type="submit" disabled={busy} data-testid="operation-submit">
        {buttonLabel}
      </Button>
    </Box>
  );
};

export default OperationForm;
