// The database components' arguments, one module per argument group (its schema with the
// documentation users see, its resolution and checks), and what both components do with them.
// Each component composes its schema from these (args.ts in its folder); its argument type is that
// schema's z.input, so names, optionality and defaults are written once.
export * from "./app-users";
export * from "./backup";
export * from "./common";
export * from "./connections";
export * from "./deploy-time";
export * from "./encryption";
export * from "./health-check";
export * from "./logs";
export * from "./monitoring";
export * from "./names";
export * from "./network";
export * from "./operations";
export * from "./problems";
export * from "./zod";
