import { describe, expect, it } from 'vitest';
import { toSdkCase, toStepFunctionsJson } from '../../local/src/integrations/ecs/aws-case.js';
import { findUnsupportedRunTaskFields } from '../../local/src/integrations/ecs/run-task-parameters.js';

describe('key case conversion', () => {
  it('PascalCases keys at every level, turns Dates into epoch ms and drops undefined', () => {
    const createdAt = new Date('2024-04-04T08:20:42.871Z');
    expect(
      toStepFunctionsJson({
        taskArn: 'arn',
        createdAt,
        exitCode: undefined,
        ephemeralStorage: { sizeInGiB: 20 },
        containers: [{ networkInterfaces: [{ privateIpv4Address: '10.0.0.1' }], gpuIds: [] }],
      }),
    ).toEqual({
      TaskArn: 'arn',
      CreatedAt: 1712218842871,
      EphemeralStorage: { SizeInGiB: 20 },
      Containers: [{ NetworkInterfaces: [{ PrivateIpv4Address: '10.0.0.1' }], GpuIds: [] }],
    });
  });

  it('camelCases ASL parameters for the SDK without touching values', () => {
    expect(
      toSdkCase({
        EnableECSManagedTags: true,
        NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['Subnet-A'] } },
        Overrides: { ContainerOverrides: [{ Environment: [{ Name: 'MODE', Value: 'Echo' }] }] },
      }),
    ).toEqual({
      enableECSManagedTags: true,
      networkConfiguration: { awsvpcConfiguration: { subnets: ['Subnet-A'] } },
      overrides: { containerOverrides: [{ environment: [{ name: 'MODE', value: 'Echo' }] }] },
    });
  });
});

describe('findUnsupportedRunTaskFields', () => {
  it('accepts every RunTask field a state machine may set', () => {
    expect(
      findUnsupportedRunTaskFields({
        Cluster: 'c',
        TaskDefinition: 't',
        LaunchType: 'FARGATE',
        PlatformVersion: 'LATEST',
        PropagateTags: 'TASK_DEFINITION',
        Tags: [{ Key: 'k', Value: 'v' }],
        Group: 'g',
        EnableExecuteCommand: false,
        NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['s'], SecurityGroups: ['sg'], AssignPublicIp: 'ENABLED' } },
        Overrides: {
          Cpu: '512',
          Memory: '1024',
          ContainerOverrides: [{ Name: 'w', Command: ['x'], Environment: [{ Name: 'A', Value: 'B' }], Cpu: 256, Memory: 512 }],
        },
      }),
    ).toEqual([]);
  });

  it('names each unknown field by its path', () => {
    expect(
      findUnsupportedRunTaskFields({
        TaskDefinition: 't',
        Subnets: ['s'],
        NetworkConfiguration: { AwsvpcConfiguration: { Subnet: ['s'] } },
        Overrides: { ContainerOverrides: [{ Name: 'w' }, { Name: 'x', Environment: [{ Name: 'A', Val: 'B' }] }] },
      }),
    ).toEqual([
      'Subnets',
      'NetworkConfiguration.AwsvpcConfiguration.Subnet',
      'Overrides.ContainerOverrides[1].Environment[0].Val',
    ]);
  });
});
