import { describe, expect, it } from 'vitest';
import {
  isWildcardHost,
  localUrl,
  machineHostNames,
  reachableHosts,
  viewerUrls,
  type InterfaceTable,
} from '../../src/server/addresses.ts';
import { addressLines } from '../../src/server/addressesReport.ts';

/** A laptop on a classroom Wi-Fi with a wired link too, loopback, and a link-local IPv6. */
const table: InterfaceTable = {
  lo: [
    { address: '127.0.0.1', family: 'IPv4', internal: true },
    { address: '::1', family: 'IPv6', internal: true, scopeid: 0 },
  ],
  wlan0: [
    { address: '192.168.1.20', family: 'IPv4', internal: false },
    { address: 'fe80::1c2:3ff:fe44:5566', family: 'IPv6', internal: false, scopeid: 3 },
    { address: '2001:DB8::20', family: 'IPv6', internal: false, scopeid: 0 },
  ],
  eth0: [{ address: '10.0.0.7', family: 4, internal: false }],
  down: undefined,
};

describe('the addresses a class can reach', () => {
  it('lists the non-internal IPv4 addresses and the host name for 0.0.0.0', () => {
    expect(reachableHosts('0.0.0.0', table, 'teacher-laptop')).toEqual([
      '192.168.1.20',
      '10.0.0.7',
      'teacher-laptop',
    ]);
  });

  it('adds the global IPv6 addresses (never link-local or loopback) for ::', () => {
    expect(reachableHosts('::', table, 'teacher-laptop')).toEqual([
      '192.168.1.20',
      '10.0.0.7',
      '2001:db8::20',
      'teacher-laptop',
    ]);
    expect(viewerUrls('[::]', 8080, table, 'teacher-laptop')).toEqual([
      'http://192.168.1.20:8080/',
      'http://10.0.0.7:8080/',
      'http://[2001:db8::20]:8080/',
      'http://teacher-laptop:8080/',
    ]);
  });

  it('gives a single bound address alone, and nothing for a machine without network', () => {
    expect(viewerUrls('192.168.1.20', 9000, table, 'x')).toEqual(['http://192.168.1.20:9000/']);
    expect(viewerUrls('::1', 9000, table, 'x')).toEqual(['http://[::1]:9000/']);
    expect(viewerUrls('0.0.0.0', 9000, { lo: table['lo'] }, 'localhost')).toEqual([]);
  });

  it('knows wildcard binds and opens control on 127.0.0.1 for them', () => {
    expect(['0.0.0.0', '::', '[::]', ''].map(isWildcardHost)).toEqual([true, true, true, true]);
    expect(['127.0.0.1', '192.168.1.20', '::1'].map(isWildcardHost)).toEqual([false, false, false]);
    expect(localUrl('0.0.0.0', 81)).toBe('http://127.0.0.1:81/');
    expect(localUrl('::1', 81)).toBe('http://[::1]:81/');
  });

  it('lets a wildcard server answer to the machine name it prints', () => {
    expect(machineHostNames('0.0.0.0', 'Teacher-Laptop')).toEqual(['teacher-laptop']);
    expect(machineHostNames('127.0.0.1', 'teacher-laptop')).toEqual([]);
    expect(machineHostNames('::', 'bad name!')).toEqual([]);
  });
});

describe('serve start-up lines', () => {
  const token = 'tok/en';

  it('print one viewer URL per reachable address and the control link apart', () => {
    const lines = addressLines(
      { host: '0.0.0.0', port: 8080, url: 'http://0.0.0.0:8080/', token },
      table,
      'teacher-laptop',
    );
    expect(lines).toEqual([
      'listening on http://0.0.0.0:8080/ (every address of this machine)',
      '  a class on the same network watches at (no token, view only):',
      '  watch:   http://192.168.1.20:8080/',
      '  watch:   http://10.0.0.7:8080/',
      '  watch:   http://teacher-laptop:8080/',
      '  control: http://127.0.0.1:8080/?token=tok%2Fen',
      '  token:   tok/en',
    ]);
    expect(lines.filter((l) => l.startsWith('  watch:')).join('\n')).not.toContain('tok');
    expect(lines.join('\n')).not.toContain('watch:   http://0.0.0.0');
  });

  it('keep the single-address report as it was', () => {
    const url = 'http://127.0.0.1:8080/';
    expect(addressLines({ host: '127.0.0.1', port: 8080, url, token }, table, 'x')).toEqual([
      `listening on ${url}`,
      `  watch:   ${url}`,
      `  control: ${url}?token=tok%2Fen`,
      '  token:   tok/en',
    ]);
  });
});
