import { defineConnector } from "../sdk/define";
import { addReaction, postMessage, updateMessage } from "./actions/messages";
import { findUserByEmail } from "./actions/users";
import { slackAuth } from "./auth";
import { slackEvents } from "./events";
import { icon } from "./icon";
import { newMessage } from "./triggers/new-message";

export const slack = defineConnector({
  slug: "slack",
  name: "Slack",
  description:
    "Post and update messages, react, look up people, " +
    "and start workflows on new channel messages in a Slack workspace.",
  icon,
  categories: ["communication"],
  auth: slackAuth,
  baseUrl: "https://slack.com/api/",
  actions: [postMessage, updateMessage, addReaction, findUserByEmail],
  triggers: [newMessage],
  events: slackEvents,
});
