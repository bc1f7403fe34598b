import { entriesFor } from '../../miniprogram/pages/staff/entries';

/** 数据备份 lists every community's data: the workbench offers it only where the server would answer. */
test('数据备份 is offered to admins of every community, not to an admin of one community or a manager', () => {
  const keys = (roles: Parameters<typeof entriesFor>[0], deploymentAdmin: boolean): string[] => entriesFor(roles, 'c1', deploymentAdmin).map((entry) => entry.key);
  expect(keys(['admin'], true)).toContain('backups');
  expect(keys(['admin'], false)).not.toContain('backups');
  expect(keys(['manager'], false)).not.toContain('backups');
  expect(entriesFor(['admin'], '', true).find((entry) => entry.key === 'backups')?.url).toBe('/packages/staff/pages/backups/index');
});
