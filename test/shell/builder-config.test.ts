/** electron-builder.yml: targets, per-user Chinese NSIS, asar with better-sqlite3 unpacked, and the fuses. */
import { existsSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

interface Target {
  target: string;
  arch: string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  asar: boolean;
  asarUnpack: string[];
  files: string[];
  electronFuses: Record<string, boolean>;
  win: { target: Target[]; icon: string };
  nsis: Record<string, unknown>;
  linux: { target: Target[]; icon: string };
  [key: string]: unknown;
}

const config = load(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const schema = JSON.parse(readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8')) as { properties: Record<string, unknown> };
const fuseTypes = readFileSync('node_modules/app-builder-lib/out/configuration.d.ts', 'utf8');

describe('electron-builder.yml', () => {
  it('uses only keys electron-builder knows', () => {
    const unknown = Object.keys(config).filter((k) => !(k in schema.properties));
    expect(unknown).toEqual([]);
  });

  it('names the app', () => {
    expect(config.appId).toBe('cn.gov.jiyang.eco-progress');
    expect(config.productName).toBe('生态文明建设任务进度填报');
  });

  it('builds Windows NSIS x64, per-user, in Chinese', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, installerLanguages: ['zh_CN'], language: '2052' });
  });

  it('builds deb and AppImage for x64 and arm64', () => {
    expect(config.linux.target).toEqual([
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'AppImage', arch: ['x64', 'arm64'] },
    ]);
  });

  it('packs into asar with better-sqlite3 unpacked, shipping only the built app', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    expect(config.files).toEqual(expect.arrayContaining(['out/electron/**', 'out/renderer/**', 'package.json']));
  });

  it('sets the fuses: no RunAsNode, no NODE_OPTIONS, no inspect arguments, asar integrity, asar only', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Every fuse named is one this electron-builder version applies (a typo would be ignored silently).
    const iface = fuseTypes.slice(fuseTypes.indexOf('export interface FuseOptionsV1'));
    const known = iface.slice(0, iface.indexOf('}'));
    for (const fuse of Object.keys(config.electronFuses)) expect(known, fuse).toContain(`${fuse}?:`);
  });

  it('has its icons', () => {
    expect(existsSync(config.win.icon)).toBe(true);
    expect(existsSync(`${config.linux.icon}/512x512.png`)).toBe(true);
    const png = readFileSync(config.win.icon);
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(256); // width in the IHDR chunk
  });
});
