import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './list-plants-route.js'

const objectSchema = (fields: Record<string, unknown>) => ({
  type: 'object',
  required: Object.keys(fields),
  properties: fields,
})

const textFailure = {
  description: 'Chaos: the handler did not run',
  content: { 'text/plain': { schema: { type: 'string', example: 'Sorry!' } } },
}

/** Builds the OpenAPI 3.0 document served at `GET /openapi.json`. */
export function createOpenApiDocument(options: { maxBatchSize: number }): Record<string, unknown> {
  const { maxBatchSize } = options

  return {
    openapi: '3.0.3',
    info: {
      title: 'Plants simulator',
      version: '0.1.0',
      description:
        'A cursor-paginated plants source and a garden beds target. Every request except GET / and GET /_simulator/report may fail with 500, 502, 503 or 504 and a text body, or pause 5 to 15 seconds before it is handled.',
    },
    paths: {
      '/': {
        get: {
          summary: 'Health check, never disturbed by chaos',
          responses: {
            200: {
              description: 'OK',
              content: { 'application/json': { schema: { type: 'string', example: 'Hello!' } } },
            },
          },
        },
      },
      '/plants/v2/plants': {
        get: {
          summary: 'List plants, one page per request',
          parameters: [
            {
              name: 'limit',
              in: 'query',
              required: false,
              schema: {
                type: 'integer',
                minimum: 1,
                maximum: MAX_PAGE_LIMIT,
                default: DEFAULT_PAGE_LIMIT,
              },
            },
            {
              name: 'cursor',
              in: 'query',
              required: false,
              description:
                'The opaque `next` token of the previous page; omit it for the first page',
              schema: { type: 'string' },
            },
          ],
          responses: {
            200: {
              description: 'A page of plants',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/PlantPage' } },
              },
            },
            400: {
              description: 'Invalid cursor',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/FieldError' } },
              },
            },
            422: {
              description: `limit is not an integer from 1 to ${MAX_PAGE_LIMIT}`,
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/FieldError' } },
              },
            },
            500: textFailure,
            502: textFailure,
            503: textFailure,
            504: textFailure,
          },
        },
      },
      '/garden/v1/beds': {
        post: {
          summary: `Plant up to ${maxBatchSize} plants`,
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description:
                'A repeated key with the same body replays the stored response without planting again',
              schema: { type: 'string' },
            },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    {
                      type: 'object',
                      required: ['plants'],
                      properties: { plants: { $ref: '#/components/schemas/PlantBatch' } },
                    },
                    { $ref: '#/components/schemas/PlantBatch' },
                  ],
                },
              },
            },
          },
          responses: {
            201: {
              description: 'Planted',
              content: {
                'application/json': {
                  schema: objectSchema({ planted: { type: 'integer', minimum: 0 } }),
                },
              },
            },
            400: {
              description: 'The body is not valid JSON',
              content: {
                'application/json': { schema: objectSchema({ error: { type: 'string' } }) },
              },
            },
            413: {
              description: `More than ${maxBatchSize} plants`,
              content: {
                'application/json': { schema: objectSchema({ error: { type: 'string' } }) },
              },
            },
            422: {
              description:
                'Invalid plants, or values that differ from the source in verification mode',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/ItemErrors' } },
              },
            },
            500: {
              description:
                'Chaos (text body), or in verification mode a duplicate or unknown id (JSON body)',
            },
            502: textFailure,
            503: textFailure,
            504: textFailure,
          },
        },
      },
      '/_simulator/report': {
        get: {
          summary: 'Delivery report: missing, duplicate, unknown and wrong plants, request counts',
          responses: { 200: { description: 'The report', content: { 'application/json': {} } } },
        },
      },
    },
    components: {
      schemas: {
        Plant: {
          type: 'object',
          required: ['plant_id', 'common_name', 'height_cm', 'watering'],
          properties: {
            plant_id: { type: 'string', example: 'p-000123' },
            common_name: { type: 'string', example: 'Sweet basil' },
            height_cm: {
              type: 'number',
              nullable: true,
              minimum: 0.5,
              maximum: 3000,
              example: 42.5,
            },
            watering: { type: 'string', enum: ['daily', 'weekly', 'monthly'] },
          },
        },
        PlantPage: {
          type: 'object',
          required: ['data', 'next'],
          properties: {
            data: { type: 'array', items: { $ref: '#/components/schemas/Plant' } },
            next: {
              type: 'string',
              nullable: true,
              description: 'Cursor of the next page, null on the last page',
            },
          },
        },
        LoadedPlant: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'name', 'height_m', 'watering_days'],
          properties: {
            id: { type: 'string', example: 'p-000123' },
            name: { type: 'string', example: 'Sweet basil' },
            height_m: { type: 'number', nullable: true, minimum: 0, example: 0.425 },
            watering_days: { type: 'integer', enum: [1, 7, 30] },
          },
        },
        PlantBatch: {
          type: 'array',
          maxItems: maxBatchSize,
          items: { $ref: '#/components/schemas/LoadedPlant' },
        },
        FieldError: objectSchema({ error: { type: 'string' }, field: { type: 'string' } }),
        ItemErrors: objectSchema({
          errors: {
            type: 'array',
            items: objectSchema({
              index: { type: 'integer', nullable: true },
              field: { type: 'string', nullable: true },
              message: { type: 'string' },
            }),
          },
        }),
      },
    },
  }
}
