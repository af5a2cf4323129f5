"""Advocacy: serverless employee advocacy on AWS Lambda, API Gateway and DynamoDB."""

__version__ = "0.5.1"
