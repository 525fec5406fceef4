/**
 * React components of the back-office, registered with AdminJS's bundler.
 * Paths are absolute from the project root, so they resolve the same from
 * `admin/` (tsx) and from `dist/admin/` (compiled): the .tsx sources are bundled.
 */
import path from 'node:path';
import type { ComponentLoader } from 'adminjs';
import { projectRoot } from '../src/config/paths.js';

const source = (file: string) => path.join(projectRoot, 'admin', 'components', file);

export function registerComponents(loader: ComponentLoader) {
  return {
    Dashboard: loader.add('Dashboard', source('Dashboard.tsx')),
    Money: loader.add('Money', source('Money.tsx')),
    IstDateTime: loader.add('IstDateTime', source('IstDateTime.tsx')),
    OperationForm: loader.add('OperationForm', source('OperationForm.tsx')),
    QueuePage: loader.add('QueuePage', source('QueuePage.tsx')),
    BedBoard: loader.add('BedBoard', source('BedBoard.tsx')),
    PharmacyAlerts: loader.add('PharmacyAlerts', source('PharmacyAlerts.tsx')),
    ImportsPage: loader.add('ImportsPage', source('ImportsPage.tsx')),
    ReportsPage: loader.add('ReportsPage', source('ReportsPage.tsx')),
    MyPatientsPage: loader.add('MyPatientsPage', source('MyPatientsPage.tsx')),
    EncounterPage: loader.add('EncounterPage', source('EncounterPage.tsx')),
    WardRoundPage: loader.add('WardRoundPage', source('WardRoundPage.tsx')),
    JobsPage: loader.add('JobsPage', source('JobsPage.tsx')),
    // Every list: sizes as the server counts them (estimate, "1,000+"), pages only as deep as served.
    HospitalList: loader.override('DefaultListAction', source('HospitalList.tsx')),
    // Every show page carries the record's related records (admin/related.ts): lines, payments, the patient's file.
    RecordFile: loader.override('DefaultShowAction', source('RecordFile.tsx')),
    // A record's page says which record it is (its title beside the action's name).
    RecordHeader: loader.override('ActionHeader', source('RecordHeader.tsx')),
    // The top bar names the staff member and the role, not the e-mail.
    LoggedInStaff: loader.override('LoggedIn', source('LoggedInStaff.tsx')),
    // The sidebar offers only the pages the role may open (admin/access.ts pageRoles).
    SidebarPages: loader.override('SidebarPages', source('SidebarPages.tsx')),
  };
}

export type Components = ReturnType<typeof registerComponents>;
