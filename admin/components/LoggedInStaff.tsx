// The top bar names the signed-in staff member and their role ("Asha Patil ·
// Receptionist"), not their e-mail address.
import React from 'react';
import { Box, CurrentUserNav } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

interface Session {
  email?: string;
  name?: string;
  role?: string;
}

const ROLE_WORDS: Record<string, string> = {
  ADMIN: 'Administrator',
  DOCTOR: 'Doctor',
  NURSE: 'Nurse',
  RECEPTIONIST: 'Receptionist',
  BILLING: 'Billing',
  PHARMACIST: 'Pharmacist',
  LAB_TECH: 'Lab technician',
};

const LoggedInStaff: React.FC<{ session: Session; paths: { logoutPath: string } }> = ({ session, paths }) => {
  const { translateButton } = useTranslation();
  const dropActions = [
    {
      label: translateButton('logout'),
      icon: 'LogOut',
      onClick: (event: React.MouseEvent) => {
        event.preventDefault();
        window.location.href = paths.logoutPath;
      },
    },
  ];
  return (
    <Box flexShrink={0} data-css="logged-in" data-testid="signed-in-staff">
      <CurrentUserNav
        name={session.name ?? session.email ?? ''}
        title={ROLE_WORDS[session.role ?? ''] ?? session.role}
        dropActions={dropActions}
      />
    </Box>
  );
};

export default LoggedInStaff;
