// A custom value component replaces the whole property on a show page, label
// included: on show, the value goes under its translated label as AdminJS's
// own show does (ValueGroup); in a list cell it stands alone.
import React from 'react';
import { ValueGroup } from '@adminjs/design-system';
import { useTranslation, type BasePropertyProps } from 'adminjs';

export const Labelled: React.FC<{ props: BasePropertyProps; children: React.ReactNode }> = ({ props, children }) => {
  const { translateProperty } = useTranslation();
  if (props.where !== 'show') return <>{children}</>;
  return <ValueGroup label={translateProperty(props.property.label, props.property.resourceId)}>{children}</ValueGroup>;
};
