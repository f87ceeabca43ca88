/** The shape of the Dutch messages with every text widened to string: what each other language must fill. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
