export type DispatcherResult = { settings: { dispatchers: number; messages: number; seconds: number; perSecond: number }[] };
