import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CommandClass, CommandPayload, GovernanceError } from '@gov/governance';
import { validationDetails } from '../public-error';

/**
 * A command's payload from plain data (a gRPC request, the demo's history), validated by the same
 * class-validator rules GraphQL applies; unknown fields are dropped. Bad input is BAD_USER_INPUT.
 */
export async function commandPayload<P extends CommandPayload>(Command: CommandClass<P>, plain: Record<string, unknown>): Promise<P> {
  const payload = plainToInstance(Command.Payload, plain);
  const errors = await validate(payload, { whitelist: true, forbidUnknownValues: true });
  if (errors.length) throw new GovernanceError('BAD_USER_INPUT', validationDetails(errors).join('; '));
  if (payload.occurredAt && Number.isNaN(payload.occurredAt.getTime()))
    throw new GovernanceError('BAD_USER_INPUT', 'occurredAt must be an RFC 3339 time');
  return payload;
}
