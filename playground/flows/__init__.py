"""The flow map: how a target's resources are wired (issue #14), read headless.

`read_flows(target)` returns a FlowMap; `playground flows` prints it and the app's Flows screen
draws it. No Textual here (the `flows-headless` import contract).
"""
