import { gatewayHeaders } from './response-headers.ts';
import { DomainError } from '../domain/shared/errors.ts';
import type { RoutingOffer } from '../services/gateway/catalog/index.ts';
import type { GatewayRuntime } from './runtime.ts';
import type { ClientCall } from './client-call.ts';
import type { GatewayAnswer } from './gateway-answer.ts';

/**
 * A model as `GET /v1/models` lists it: OpenAI's fields, and under `suanli` what an enterprise
 * chooses by — prices (fen per million tokens), limits, 备案 filing and accelerator origin
 * (programs subsidise filed models on domestic accelerators at different rates).
 */
function modelJson(offer: RoutingOffer): Record<string, unknown> {
  return {
    id: offer.modelId,
    object: 'model',
    created: Math.floor(offer.createdAt.getTime() / 1000),
    owned_by: offer.providerId,
    suanli: {
      kind: offer.kind,
      inputPriceFenPerMillion: offer.inputPriceFenPerMillion.toString(),
      outputPriceFenPerMillion: offer.outputPriceFenPerMillion.toString(),
      cachedInputPriceFenPerMillion: offer.cachedInputPriceFenPerMillion.toString(),
      contextTokensMax: offer.contextTokensMax,
      outputTokensMax: offer.outputTokensMax,
      filed: offer.filed,
      filingNumber: offer.filingNumber,
      acceleratorOrigin: offer.acceleratorOrigin,
      regionCode: offer.regionCode,
    },
  };
}

function json(body: unknown, requestId: string): GatewayAnswer {
  return {
    status: 200,
    headers: gatewayHeaders(requestId, 'application/json'),
    body: JSON.stringify(body),
  };
}

/** `GET /v1/models`: every public model id of the catalog (a key is needed, as at OpenAI). */
export async function listModels(
  runtime: GatewayRuntime,
  call: ClientCall,
  requestId: string,
): Promise<GatewayAnswer> {
  await runtime.keys.authenticate(call.header('authorization'), runtime.clock().getTime());
  return json({ object: 'list', data: runtime.routing.models().map(modelJson) }, requestId);
}

/** `GET /v1/models/{id}` (ids may hold `/`, as `Qwen/Qwen2.5-7B-Instruct`); 404 when unknown. */
export async function getModel(
  runtime: GatewayRuntime,
  call: ClientCall,
  requestId: string,
  path: string,
): Promise<GatewayAnswer> {
  await runtime.keys.authenticate(call.header('authorization'), runtime.clock().getTime());
  const modelId = decodeURIComponent(path.replace(/^.*?\/models\//u, ''));
  const [offer] = runtime.routing.candidates(modelId);
  if (!offer)
    throw new DomainError('NOT_FOUND', `the model ${modelId} does not exist`, { field: 'model' });
  return json(modelJson(offer), requestId);
}
