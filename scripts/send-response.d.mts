import type { Response as ExpressResponse } from 'express'

export function sendResponse(res: ExpressResponse, response: Response): Promise<void>
