// The sidebar's pages, only those the signed-in role may open (admin/access.ts
// pageRoles, handed to the browser as AdminJS's env PAGE_ROLES): a receptionist
// is not offered Imports or Pharmacy alerts only to be refused.
import React from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Navigation } from '@adminjs/design-system';
import { ViewHelpers, useCurrentAdmin, useTranslation } from 'adminjs';

const h = new ViewHelpers();

interface SidebarPagesProps {
  pages?: Array<{ name: string; icon?: string }>;
}

declare global {
  interface Window {
    AdminJS?: { env?: Record<string, string> };
  }
}

function pageRoles(): Record<string, string[]> {
  try {
    return JSON.parse(window.AdminJS?.env?.PAGE_ROLES ?? '{}') as Record<string, string[]>;
  } catch {
    return {};
  }
}

const SidebarPages: React.FC<SidebarPagesProps> = ({ pages }) => {
  const [admin] = useCurrentAdmin();
  const { translateLabel, translatePage } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const roles = pageRoles();
  const role = String((admin as { role?: string } | null)?.role ?? '');
  const open = (pages ?? []).filter((page) => (roles[page.name] ?? []).includes(role));
  if (open.length === 0) return null;
  const elements = open.map((page) => ({
    id: page.name,
    label: translatePage(page.name),
    isSelected: location.pathname.endsWith(`/pages/${page.name}`),
    icon: page.icon,
    href: h.pageUrl(page.name),
    onClick: (event: React.MouseEvent, element: { href?: string }) => {
      event.preventDefault();
      if (element.href) navigate(element.href);
    },
  }));
  return <Navigation label={translateLabel('pages')} elements={elements} />;
};

export default SidebarPages;
