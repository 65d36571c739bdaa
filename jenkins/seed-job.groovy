// Job DSL run by JCasC at every start: the multibranch pipeline for the repository that
// bootstrap.env names. Values come from the Jenkins service's environment, not from this file,
// so the same file serves any fork. No dollar-brace GStrings here: JCasC would try to expand them.
def env = System.getenv()
def repoUrl = env['JENKINS_REPO_URL']
if (!repoUrl) {
  throw new IllegalStateException('JENKINS_REPO_URL is not set: add it to /opt/jenkins-bootstrap/bootstrap.env and rerun bootstrap.sh')
}
def project = env['PROJECT'] ?: 'shipyard'
// Private repositories over SSH reuse the deploy key credential; public HTTPS needs none.
def credentials = repoUrl.startsWith('https://') ? '' : 'deploy-ssh-key'

multibranchPipelineJob(project) {
  displayName(project + ' pipeline')
  description('Multibranch pipeline for ' + repoUrl + ' (default branch ' + (env['JENKINS_REPO_BRANCH'] ?: 'main') + '), seeded from jenkins/seed-job.groovy.')
  branchSources {
    branchSource {
      source {
        git {
          id(project + '-git')
          remote(repoUrl)
          credentialsId(credentials)
          traits {
            gitBranchDiscovery()
            // Release tags build too: `vX.Y.Z` deploys production, `vX.Y.Z-rc.N` staging.
            gitTagDiscovery()
            // Full history and tags: `make version` counts commits since the last release tag.
            cloneOptionTrait {
              extension {
                shallow(false)
                noTags(false)
                reference('')
                depth(0)
                honorRefspec(false)
                timeout(10)
              }
            }
          }
        }
      }
      buildStrategies {
        buildRegularBranches()
        buildChangeRequests {
          ignoreTargetOnlyChanges(true)
          ignoreUntrustedChanges(true)
        }
        // Only fresh tags: a rescan must not redeploy every old release.
        buildTags {
          atLeastDays('-1')
          atMostDays('3')
        }
      }
    }
  }
  factory {
    workflowBranchProjectFactory {
      scriptPath('Jenkinsfile')
    }
  }
  triggers {
    periodicFolderTrigger {
      interval('5m')
    }
  }
  orphanedItemStrategy {
    discardOldItems {
      numToKeep(20)
    }
  }
}
