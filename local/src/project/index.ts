/** The project loader: what the local runtime reads from the project folder. */
export { fillPlaceholders, findPlaceholders, loadProject } from './load-project.js';
export type { LoadProjectOptions, Project, ProjectSchedule, ProjectStateMachine } from './load-project.js';
export { loadEventCatalog } from './event-catalog.js';
export type { SampleEvent } from './event-catalog.js';
export { ProjectError } from './project-error.js';
