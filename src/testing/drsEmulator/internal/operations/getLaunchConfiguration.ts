/**
 * `POST /GetLaunchConfiguration`: the launch configuration of one source server, with its EC2
 * launch template; `ResourceNotFoundException` for a server that does not exist or has none
 * (`launchConfiguration: false` in its settings).
 *
 * @module
 */

import { notFoundError } from '../apiError';
import { requiredId, SOURCE_SERVER_ID_PATTERN } from '../readRequest';
import { renderLaunchConfiguration } from '../render';
import { launchTemplateIdOf, settingsOf } from '../replication';
import type { Operation } from './operation';

export const getLaunchConfiguration: Operation = (world, body) => {
  const id = requiredId(body, 'sourceServerID', SOURCE_SERVER_ID_PATTERN);
  if (!world.serverExists(id) || !settingsOf(world, id).launchConfiguration) {
    throw notFoundError(
      `Launch configuration of source server ${id} not found`,
      id,
      'SOURCE_SERVER',
    );
  }
  return {
    status: 200,
    body: { ...renderLaunchConfiguration(id, launchTemplateIdOf(world, id), world.options) },
  };
};
