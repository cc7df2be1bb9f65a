import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MachineNotFound, pickMachine } from '../../local/src/clients/find-state-machine.js';
import { settingsFromDefinition } from '../../local/src/clients/task-settings.js';
import { fillPlaceholders } from '../../local/src/project/placeholders.js';

const machines = ['sfn-ecs-dev-sync', 'sfn-ecs-prod-sync', 'sfn-ecs-prod-fanout', 'callback'].map((name) => ({
  name,
  stateMachineArn: `arn:aws:states:eu-west-1:111122223333:stateMachine:${name}`,
  type: 'STANDARD' as const,
  creationDate: new Date(0),
}));

describe('machine names as serverless.yml gives them', () => {
  it.each([
    ['callback', undefined, 'callback'],
    ['fanout', undefined, 'sfn-ecs-prod-fanout'],
    ['sync', 'prod', 'sfn-ecs-prod-sync'],
    ['sync', 'dev', 'sfn-ecs-dev-sync'],
  ])('%s (stage %s) is %s', (name, stage, expected) => {
    expect(pickMachine(machines, name, stage).name).toBe(expected);
  });

  it.each([
    ['sync', undefined, "'sync' matches sfn-ecs-dev-sync, sfn-ecs-prod-sync; give --stage, the full name or the ARN."],
    ['nightly', undefined, "No state machine 'nightly'. Known: sfn-ecs-dev-sync, sfn-ecs-prod-sync, sfn-ecs-prod-fanout, callback."],
    ['fanout', 'dev', "No state machine 'fanout' in stage dev. Known: sfn-ecs-dev-sync, sfn-ecs-prod-sync, sfn-ecs-prod-fanout, callback."],
  ])('%s (stage %s): %s', (name, stage, message) => {
    expect(() => pickMachine(machines, name, stage)).toThrow(new MachineNotFound(message));
  });
});

describe("the deployed stack's values, read from a state machine definition", () => {
  it.each(['sync', 'callback', 'fanout'])('%s.asl.json with DefinitionSubstitutions applied', async (file) => {
    const text = await readFile(`statemachines/${file}.asl.json`, 'utf8');
    const deployed = fillPlaceholders(text, {
      ClusterArn: 'arn:aws:ecs:eu-west-1:111122223333:cluster/sfn-ecs-prod',
      TaskDefinitionFamily: 'sfn-ecs-prod-worker',
      ContainerName: 'worker',
      CpuArchitecture: 'X86_64',
      WorkerModes: 'echo,analytics,compute,stream',
      Subnets: 'subnet-aaa,subnet-bbb',
      SecurityGroups: 'sg-ccc',
      ArtifactBucket: 'sfn-ecs-prod-artifactbucket-1x2y3z',
    });
    expect(settingsFromDefinition(deployed)).toEqual({
      cluster: 'arn:aws:ecs:eu-west-1:111122223333:cluster/sfn-ecs-prod',
      // The family: RunTask takes its latest ACTIVE revision.
      taskDefinition: 'sfn-ecs-prod-worker',
      containerName: 'worker',
      subnets: ['subnet-aaa', 'subnet-bbb'],
      securityGroups: ['sg-ccc'],
      artifactBucket: 'sfn-ecs-prod-artifactbucket-1x2y3z',
    });
  });

  it('also reads JSONPath Parameters with States.StringSplit and plain lists', () => {
    const definition = JSON.stringify({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::ecs:runTask.sync',
          Parameters: {
            Cluster: 'c1',
            TaskDefinition: 'td:1',
            NetworkConfiguration: { AwsvpcConfiguration: { 'Subnets.$': "States.StringSplit('s1,s2', ',')", SecurityGroups: ['g1', 'g2'] } },
            Overrides: { ContainerOverrides: [{ Name: 'app', Environment: [] }] },
          },
          End: true,
        },
      },
    });
    expect(settingsFromDefinition(definition)).toEqual({ cluster: 'c1', taskDefinition: 'td:1', containerName: 'app', subnets: ['s1', 's2'], securityGroups: ['g1', 'g2'] });
  });
});
