declare const __DRS_WAVES_VERSION__: string | undefined;

/**
 * The drs-waves version, from its `package.json`: the build defines `__DRS_WAVES_VERSION__`;
 * run from source (tests), `0.0.0-dev`.
 *
 * @internal
 */
export const PACKAGE_VERSION: string =
  typeof __DRS_WAVES_VERSION__ === 'string' ? __DRS_WAVES_VERSION__ : '0.0.0-dev';
