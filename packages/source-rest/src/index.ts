export { createRestSource } from './rest-source.js'
export type {
  CursorPagination,
  DetailRequestOptions,
  PageNumberPagination,
  Pagination,
  RestSourceOptions,
  RestSourceSchemas,
} from './rest-source-options.js'
