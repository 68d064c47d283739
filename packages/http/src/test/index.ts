export type {
  FaultContext,
  FaultHandler,
  FaultResponse,
  FaultScript,
  FaultServer,
  RecordedRequest,
} from './fault-server.js'
export { scriptResponses, startFaultServer } from './fault-server.js'
