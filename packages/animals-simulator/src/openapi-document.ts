/**
 * Builds the OpenAPI 3.0 document served at `/openapi.json`: the endpoints of the original server
 * plus the simulator's report.
 */
export function buildOpenApiDocument(options: { maxBatchSize: number }): Record<string, unknown> {
  const validationError = {
    description: 'Validation Error',
    content: { 'application/json': { schema: ref('HTTPValidationError') } },
  }

  return {
    openapi: '3.0.2',
    info: {
      title: 'Animals API simulator',
      version: '0.1.0',
      description:
        'Simulates the animals challenge API. Every path but `/` and `/_simulator/report` may answer 500, 502, 503 or 504 with the body `Sorry!`, or pause 5 to 15 seconds before answering.',
    },
    paths: {
      '/': {
        get: {
          summary: 'Index',
          responses: { 200: jsonSchemaResponse('Successful Response', { type: 'string' }) },
        },
      },
      '/animals/v1/animals': {
        get: {
          summary: 'Get Animals',
          parameters: [
            {
              name: 'page',
              in: 'query',
              required: false,
              schema: { title: 'Page', type: 'integer', default: 1 },
            },
          ],
          responses: {
            200: jsonSchemaResponse('Successful Response', ref('Animals')),
            422: validationError,
          },
        },
      },
      '/animals/v1/animals/{animal_id}': {
        get: {
          summary: 'Get Animal',
          parameters: [
            {
              name: 'animal_id',
              in: 'path',
              required: true,
              schema: { title: 'Animal Id', type: 'integer' },
            },
          ],
          responses: {
            200: jsonSchemaResponse('Successful Response', ref('Animal')),
            422: validationError,
            500: { description: 'Id past the end: plain-text `Internal Server Error`' },
          },
        },
      },
      '/animals/v1/home': {
        post: {
          summary: 'Receive Animals',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description:
                'Simulator addition: a repeated key replays the stored response without applying the batch again.',
              schema: { type: 'string' },
            },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { title: 'Animals', type: 'array', items: ref('IncomingAnimal') },
              },
            },
          },
          responses: {
            200: jsonSchemaResponse('Successful Response', {
              type: 'object',
              properties: { message: { type: 'string', example: 'Helped 100 find home' } },
            }),
            400: {
              description: `More than ${options.maxBatchSize} animals`,
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { detail: { type: 'string' } } },
                },
              },
            },
            422: validationError,
            500: { description: 'Verification mode: a duplicate or unknown id' },
          },
        },
      },
      '/_simulator/report': {
        get: {
          summary: 'Simulator report',
          description:
            'Simulator addition: delivered, missing, duplicate and unknown ids, wrong values, request counts and chaos events.',
          responses: {
            200: jsonSchemaResponse('Successful Response', { type: 'object' }),
          },
        },
      },
    },
    components: { schemas: SCHEMAS },
  }
}

function ref(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` }
}

function jsonSchemaResponse(description: string, schema: unknown): Record<string, unknown> {
  return { description, content: { 'application/json': { schema } } }
}

const BASE_ANIMAL_PROPERTIES = {
  id: { title: 'Id', type: 'integer' },
  name: { title: 'Name', type: 'string' },
  born_at: {
    title: 'Born At',
    type: 'integer',
    nullable: true,
    description: 'Milliseconds since the Unix epoch',
  },
}

const SCHEMAS = {
  BaseAnimal: {
    title: 'BaseAnimal',
    type: 'object',
    required: ['id', 'name'],
    properties: BASE_ANIMAL_PROPERTIES,
  },
  Animal: {
    title: 'Animal',
    type: 'object',
    required: ['id', 'name', 'friends'],
    properties: {
      ...BASE_ANIMAL_PROPERTIES,
      friends: { title: 'Friends', type: 'string', description: 'Names joined with commas' },
    },
  },
  Animals: {
    title: 'Animals',
    type: 'object',
    required: ['page', 'total_pages', 'items'],
    properties: {
      page: { title: 'Page', type: 'integer' },
      total_pages: { title: 'Total Pages', type: 'integer' },
      items: { title: 'Items', type: 'array', items: ref('BaseAnimal') },
    },
  },
  IncomingAnimal: {
    title: 'IncomingAnimal',
    type: 'object',
    required: ['id', 'name', 'friends'],
    properties: {
      id: { title: 'Id', type: 'integer' },
      name: { title: 'Name', type: 'string' },
      born_at: { title: 'Born At', type: 'string', format: 'date-time', nullable: true },
      friends: { title: 'Friends', type: 'array', items: { type: 'string' } },
    },
  },
  ValidationError: {
    title: 'ValidationError',
    type: 'object',
    required: ['loc', 'msg', 'type'],
    properties: {
      loc: {
        title: 'Location',
        type: 'array',
        items: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      },
      msg: { title: 'Message', type: 'string' },
      type: { title: 'Error Type', type: 'string' },
    },
  },
  HTTPValidationError: {
    title: 'HTTPValidationError',
    type: 'object',
    properties: { detail: { title: 'Detail', type: 'array', items: ref('ValidationError') } },
  },
}

/** Builds the small HTML page of `/docs`: the endpoints and a link to the OpenAPI document. */
export function buildDocsPage(options: { maxBatchSize: number }): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Animals API simulator</title></head>
<body>
<h1>Animals API simulator</h1>
<ul>
<li><code>GET /animals/v1/animals?page=N</code>: 10 animals per page</li>
<li><code>GET /animals/v1/animals/{animal_id}</code>: one animal with its friends</li>
<li><code>POST /animals/v1/home</code>: load up to ${options.maxBatchSize} animals</li>
<li><code>GET /_simulator/report</code>: the simulator's report</li>
</ul>
<p>The full description is the <a href="/openapi.json">OpenAPI document</a>.</p>
</body>
</html>
`
}
