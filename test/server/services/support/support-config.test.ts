import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { supportConfigFromEnv } from '../../../../src/server/services/support/support-config-from-env.js';
import { supportPolicy } from '../../../../src/server/services/support/support-policy.js';

describe('customer service configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-support-config-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  it('reads departments and business hours from the file PARLEY_SUPPORT_CONFIG names', () => {
    const path = file('ok.json', {
      departments: [{ id: 'sales', name: 'Sales' }, { id: 'billing', name: 'Billing' }],
      defaultDepartment: 'sales',
      businessHours: { timeZone: 'Asia/Shanghai', days: { mon: [['09:00', '18:00']] } },
    });
    const { support } = supportConfigFromEnv({ PARLEY_SUPPORT_CONFIG: path });
    assert.equal(supportPolicy(support).departments.length, 2);
    assert.deepEqual(supportConfigFromEnv({}), {});
  });

  it('refuses a bad time zone, a bad time, an unknown key and a default department that is not listed', () => {
    const bad = [
      { businessHours: { timeZone: 'Mars/Olympus', days: {} } },
      { businessHours: { timeZone: 'UTC', days: { mon: [['9am', '5pm']] } } },
      { departmentz: [] },
    ];
    bad.forEach((content, i) => assert.throws(() => supportConfigFromEnv({ PARLEY_SUPPORT_CONFIG: file(`bad${i}.json`, content) }), /PARLEY_SUPPORT_CONFIG/));
    assert.throws(() => supportPolicy({ defaultDepartment: 'nowhere' }), /defaultDepartment/);
  });
});
