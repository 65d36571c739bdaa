// Job DSL run by JCasC at every start (casc-seed.yaml): two multibranch pipelines for the
// repository that bootstrap.env names, one Jenkinsfile.
//
//   <project>          every branch except develop, main and master: tests only, no credentials
//   <project>-release  develop, main, master and release tags: the only job that can deploy
//
// The deploy SSH key is a credential of the release job's folder, so a build of any other branch
// cannot bind it, whatever its Jenkinsfile says. Values come from the Jenkins service's environment
// and the secrets directory, not from this file, so the same file serves any fork. No dollar-brace
// GStrings here: this file is shipped as is, and the values are read at run time.
def env = System.getenv()
def repoUrl = env['JENKINS_REPO_URL']
if (!repoUrl) {
  // bootstrap.sh only adds the seed when the repository is set; this guards a manual JCasC edit.
  throw new IllegalStateException('JENKINS_REPO_URL is not set: add it to /opt/jenkins-bootstrap/bootstrap.env and rerun bootstrap.sh')
}
def project = env['PROJECT'] ?: 'shipyard'
def defaultBranch = env['JENKINS_REPO_BRANCH'] ?: 'develop'
// Private repositories over SSH read with the git key; public HTTPS needs none.
def gitCredentials = repoUrl.startsWith('https://') ? '' : 'git-ssh-key'
def deployKeyFile = new File((env['SECRETS'] ?: '/var/lib/jenkins/casc-secrets') + '/DEPLOY_SSH_KEY')
def deployKey = deployKeyFile.exists() ? deployKeyFile.text : ''
def deployUser = env['DEPLOY_SSH_USER'] ?: 'ec2-user'

// The refs that deploy (docs/pipeline.md): develop -> staging, main/master -> production, and
// release tags vX.Y.Z (production) or vX.Y.Z-<pre-release> (staging).
def releaseTags = 'v[0-9]+[.][0-9]+[.][0-9]+(-[0-9A-Za-z.-]+)?'

multibranchPipelineJob(project) {
  displayName(project + ' pipeline')
  description('Every branch except develop, main and master: the tests, with no credentials. Repository ' + repoUrl + ', seeded from jenkins/seed-job.groovy.')
  branchSources {
    branchSource {
      source {
        git {
          id(project + '-branches')
          remote(repoUrl)
          credentialsId(gitCredentials)
          traits {
            gitBranchDiscovery()
            headWildcardFilter {
              includes('*')
              excludes('develop main master')
            }
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

multibranchPipelineJob(project + '-release') {
  displayName(project + ' release')
  description('develop, main/master and release tags: test, build, push and deploy. Repository ' + repoUrl + ' (default branch ' + defaultBranch + '), seeded from jenkins/seed-job.groovy.')
  properties {
    folderCredentialsProperty {
      domainCredentials {
        domainCredentials {
          domain {
            name('')
            description('')
          }
          credentials {
            basicSSHUserPrivateKey {
              scope('GLOBAL')
              id('deploy-ssh-key')
              username(deployUser)
              description('SSH key the Deploy stage reaches the instances with (from SSM)')
              privateKeySource {
                directEntryPrivateKeySource {
                  privateKey(deployKey)
                }
              }
              passphrase('')
            }
          }
        }
      }
    }
  }
  // Two sources, so a branch named like a tag (v9.9.9) never lands here: one discovers only the
  // deploying branches, the other only release tags.
  branchSources {
    branchSource {
      source {
        git {
          id(project + '-deploying-branches')
          remote(repoUrl)
          credentialsId(gitCredentials)
          traits {
            gitBranchDiscovery()
            headWildcardFilter {
              includes('develop main master')
              excludes('')
            }
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
      }
    }
    branchSource {
      source {
        git {
          id(project + '-release-tags')
          remote(repoUrl)
          credentialsId(gitCredentials)
          traits {
            gitTagDiscovery()
            headRegexFilter {
              regex(releaseTags)
            }
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
