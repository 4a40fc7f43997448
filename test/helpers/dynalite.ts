/** The local DynamoDB the tests use: the same one `simulateDrill` runs on. */
export {
  type LocalDynamo,
  startLocalDynamo as startDynalite,
} from '../../src/testing/internal/localDynamo';
