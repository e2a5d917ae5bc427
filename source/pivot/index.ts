export * from './aggregates.js';
export * from './fields.js';
export * from './grid-page.js';
export * from './run.js';
export * from './steps.js';
export * from './where.js';
export * from './window.js';
